/*
 * vtor.c - relocating the vector table.
 *
 * Copies the 64-entry table from flash (VTOR = 0 at reset) to a 512-byte
 * aligned RAM array, points VTOR at it, replaces the IRQ 5 and SVCall
 * entries, and checks that the new handlers run (and the flash ones don't).
 * Then restores VTOR = 0 and checks the flash handlers are used again.
 */
#define TEST_NAME "vtor"
#include "exc.h"

#define NVECT 64
#define IRQ_N 5

typedef void (*vector_t)(void);
extern const vector_t __vector_table[NVECT];

static vector_t ram_table[NVECT] __attribute__((aligned(512)));
static volatile uint32_t old_irq_runs, new_irq_runs, old_svc_runs, new_svc_runs;
static volatile uint32_t new_irq_ipsr;

void IRQ5_Handler(void) { old_irq_runs++; }
void SVC_Handler(void) { old_svc_runs++; }

static void new_irq_handler(void)
{
    new_irq_runs++;
    new_irq_ipsr = get_ipsr();
}

static void new_svc_handler(void) { new_svc_runs++; }

int main(void)
{
    printf("vtor: vector table relocation to RAM\n");
    CHECK_EQ(SCB_VTOR, 0, "VTOR reset value");
    uint32_t table_addr = (uint32_t)(uintptr_t)__vector_table;
    __asm__("" : "+r"(table_addr)); /* GCC assumes objects are never at 0 */
    CHECK_EQ(table_addr, 0, "flash table at 0");

    /* Baseline with the flash table. */
    nvic_set_priority(IRQ_N, 0x80);
    nvic_enable(IRQ_N);
    nvic_pend(IRQ_N);
    __asm__ volatile("svc #1" ::: "memory");
    CHECK(old_irq_runs == 1 && old_svc_runs == 1, "flash handlers run");
    section("flash table");

    for (int i = 0; i < NVECT; i++) {
        ram_table[i] = __vector_table[i];
    }
    ram_table[16 + IRQ_N] = new_irq_handler;
    ram_table[EXC_SVCALL] = new_svc_handler;
    dsb();
    SCB_VTOR = (uint32_t)(uintptr_t)ram_table;
    barrier();
    CHECK_EQ(SCB_VTOR, (uint32_t)(uintptr_t)ram_table, "VTOR reads back");
    printf("vtor: VTOR points at a 512-byte aligned RAM copy\n");

    nvic_pend(IRQ_N);
    CHECK_EQ(new_irq_runs, 1, "new IRQ handler ran");
    CHECK_EQ(old_irq_runs, 1, "old IRQ handler did not run");
    CHECK_EQ(new_irq_ipsr, EXC_IRQ(IRQ_N), "IPSR in the new handler");
    NVIC_STIR = IRQ_N;
    barrier();
    CHECK_EQ(new_irq_runs, 2, "new IRQ handler ran (STIR)");
    __asm__ volatile("svc #2" ::: "memory");
    CHECK_EQ(new_svc_runs, 1, "new SVC handler ran");
    CHECK_EQ(old_svc_runs, 1, "old SVC handler did not run");
    section("replaced IRQ and SVC handlers");

    /* Changing an entry in the live RAM table takes effect immediately. */
    ram_table[16 + IRQ_N] = IRQ5_Handler;
    dsb();
    nvic_pend(IRQ_N);
    CHECK(old_irq_runs == 2 && new_irq_runs == 2, "entry edited in place");
    section("edit live table");

    SCB_VTOR = 0;
    barrier();
    ram_table[16 + IRQ_N] = new_irq_handler;
    nvic_pend(IRQ_N);
    __asm__ volatile("svc #3" ::: "memory");
    CHECK(old_irq_runs == 3 && new_irq_runs == 2, "flash IRQ handler after VTOR=0");
    CHECK(old_svc_runs == 2 && new_svc_runs == 1, "flash SVC handler after VTOR=0");
    section("VTOR back to flash");
    nvic_disable(IRQ_N);
    pass();
}
