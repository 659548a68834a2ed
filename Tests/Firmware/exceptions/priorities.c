/*
 * priorities.c - NVIC priorities, preemption and masking.
 *
 * Four external interrupts (A, B, C, D = IRQ 24..27) append a letter to a
 * log when they run (A also a lower-case 'a' when it finishes, after running
 * a per-test action).  Priorities only use the top 3 bits (0x00, 0x20, ...
 * 0xE0), which every Cortex-M4 implementation has (nRF52840: 3 bits).
 *
 *   nesting     A (low) pends B (high) via ISPR and via STIR: B preempts A
 *   same prio   A pends D with equal priority: D tail-chains after A
 *   lower prio  A pends C with lower priority: C runs after A
 *   tie-break   C and D pending together with equal priority: lower IRQ first
 *   PRIGROUP    PRIGROUP=5: same group priority, different sub-priority:
 *               no preemption, but sub-priority orders pending interrupts
 *   BASEPRI     interrupts at or below BASEPRI stay pending; BASEPRI_MAX
 *   PRIMASK     cpsid i / cpsie i; NMI ignores PRIMASK
 *   FAULTMASK   cpsid f masks even priority 0; cleared by exception return
 */
#define TEST_NAME "priorities"
#include "exc.h"
#include <string.h>

#define IRQ_A 24
#define IRQ_B 25
#define IRQ_C 26
#define IRQ_D 27

static volatile char log_buf[32];
static volatile unsigned log_len;
static void (*volatile a_action)(void);
static volatile uint32_t b_saw_a_active, b_vectactive, b_rettobase, a_rettobase;
static volatile uint32_t d_pending_in_a, nmi_count;

static void rec(char c)
{
    if (log_len < sizeof log_buf - 1) {
        log_buf[log_len++] = c;
        log_buf[log_len] = 0;
    }
}

static void log_reset(void)
{
    log_len = 0;
    log_buf[0] = 0;
}

void IRQ24_Handler(void)   /* A */
{
    rec('A');
    a_rettobase = (SCB_ICSR & ICSR_RETTOBASE) != 0;
    if (a_action) {
        a_action();
    }
    rec('a');
}

void IRQ25_Handler(void)   /* B */
{
    rec('B');
    b_saw_a_active = nvic_is_active(IRQ_A);
    b_vectactive = ICSR_VECTACTIVE(SCB_ICSR);
    b_rettobase = (SCB_ICSR & ICSR_RETTOBASE) != 0;
}

void IRQ26_Handler(void) { rec('C'); }   /* C */
void IRQ27_Handler(void) { rec('D'); }   /* D */

void NMI_Handler(void)
{
    nmi_count++;
    rec('N');
}

static void expect_log(const char *want, const char *what)
{
    if (strcmp((const char *)log_buf, want) != 0) {
        printf("FAIL %s: %s: order \"%s\", want \"%s\"\n", TEST_NAME, what,
               (const char *)log_buf, want);
        fflush(stdout);
        exit(1);
    }
    printf("priorities: %-44s order %s ok\n", what, want);
    log_reset();
}

static void set_prios(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    nvic_set_priority(IRQ_A, a);
    nvic_set_priority(IRQ_B, b);
    nvic_set_priority(IRQ_C, c);
    nvic_set_priority(IRQ_D, d);
}

static void pend_b_ispr(void) { nvic_pend(IRQ_B); }
static void pend_b_stir(void) { NVIC_STIR = IRQ_B; barrier(); }
static void pend_c(void) { nvic_pend(IRQ_C); }
static void pend_d(void)
{
    nvic_pend(IRQ_D);
    d_pending_in_a = nvic_is_pending(IRQ_D);
}
static void set_faultmask_in_handler(void) { cpsid_f(); }

int main(void)
{
    printf("priorities: NVIC preemption, PRIGROUP, BASEPRI, PRIMASK, FAULTMASK\n");

    /* The top three priority bits must be implemented. */
    NVIC_IPR(IRQ_A) = 0xFF;
    CHECK_EQ(NVIC_IPR(IRQ_A) & 0xE0u, 0xE0u, "IPR implements bits 7:5");
    NVIC_IPR(IRQ_A) = 0;
    CHECK_EQ(NVIC_IPR(IRQ_A), 0, "IPR reads back 0");

    for (unsigned irq = IRQ_A; irq <= IRQ_D; irq++) {
        nvic_unpend(irq);
        nvic_enable(irq);
    }
    CHECK_EQ((NVIC_ISER(0) >> IRQ_A) & 0xFu, 0xFu, "ISER reads back enabled");

    /* --- nesting ------------------------------------------------------- */
    set_prios(0xC0, 0x40, 0xE0, 0xC0);
    a_action = pend_b_ispr;
    nvic_pend(IRQ_A);
    expect_log("ABa", "A(0xC0) pends B(0x40) via ISPR: preempts");
    CHECK_EQ(b_saw_a_active, 1, "A active (IABR) while B runs");
    CHECK_EQ(b_vectactive, EXC_IRQ(IRQ_B), "ICSR.VECTACTIVE in B");
    CHECK_EQ(b_rettobase, 0, "ICSR.RETTOBASE=0 in nested B");
    CHECK_EQ(a_rettobase, 1, "ICSR.RETTOBASE=1 in A");
    CHECK(!nvic_is_active(IRQ_A) && !nvic_is_active(IRQ_B), "nothing active after return");

    a_action = pend_b_stir;
    NVIC_STIR = IRQ_A;
    barrier();
    expect_log("ABa", "A(0xC0) pends B(0x40) via STIR: preempts");

    /* --- equal and lower priority: no preemption ---------------------- */
    set_prios(0x80, 0x40, 0xE0, 0x80);
    a_action = pend_d;
    nvic_pend(IRQ_A);
    expect_log("AaD", "A(0x80) pends D(0x80): tail-chains");
    CHECK_EQ(d_pending_in_a, 1, "D pending while A runs");

    a_action = pend_c;
    nvic_pend(IRQ_A);
    expect_log("AaC", "A(0x80) pends C(0xE0): runs after A");

    /* --- equal priority, pended together: lower IRQ number first ------ */
    set_prios(0x80, 0x40, 0x80, 0x80);
    a_action = 0;
    cpsid_i();
    nvic_pend(IRQ_D);
    nvic_pend(IRQ_C);
    CHECK_EQ(log_len, 0, "masked by PRIMASK");
    cpsie_i();
    isb();
    expect_log("CD", "C(0x80)+D(0x80) pending: lower number first");

    /* --- PRIGROUP ------------------------------------------------------ */
    set_prigroup(5); /* group priority = bits 7:6, sub-priority = bits 5:0 */
    CHECK_EQ((SCB_AIRCR >> AIRCR_PRIGROUP_SHIFT) & 7u, 5, "AIRCR.PRIGROUP reads back");
    set_prios(0x60, 0x40, 0xE0, 0x80);
    a_action = pend_b_ispr;
    nvic_pend(IRQ_A);
    expect_log("AaB", "PRIGROUP=5 A(0x60) pends B(0x40): same group");
    a_action = 0;
    cpsid_i();
    nvic_pend(IRQ_A);
    nvic_pend(IRQ_B);
    cpsie_i();
    isb();
    expect_log("BAa", "PRIGROUP=5 A(0x60)+B(0x40) pending: sub-prio");
    set_prigroup(0);
    a_action = pend_b_ispr;
    nvic_pend(IRQ_A);
    expect_log("ABa", "PRIGROUP=0 A(0x60) pends B(0x40): preempts");

    /* --- BASEPRI ------------------------------------------------------- */
    set_prios(0x80, 0x40, 0xA0, 0x80);
    a_action = 0;
    set_basepri(0x80);
    CHECK_EQ(get_basepri(), 0x80, "BASEPRI reads back 0x80");
    nvic_pend(IRQ_A);
    nvic_pend(IRQ_C);
    CHECK(nvic_is_pending(IRQ_A) && nvic_is_pending(IRQ_C), "A(0x80), C(0xA0) pending under BASEPRI=0x80");
    CHECK_EQ(log_len, 0, "nothing ran under BASEPRI=0x80");
    nvic_pend(IRQ_B);
    expect_log("B", "BASEPRI=0x80: B(0x40) runs, A, C wait");
    set_basepri_max(0xC0);
    CHECK_EQ(get_basepri(), 0x80, "BASEPRI_MAX 0xC0 does not lower masking");
    set_basepri_max(0x60);
    CHECK_EQ(get_basepri(), 0x60, "BASEPRI_MAX 0x60 raises masking");
    set_basepri(0);
    isb();
    expect_log("AaC", "BASEPRI=0: pending A then C run");

    /* --- PRIMASK ------------------------------------------------------- */
    cpsid_i();
    CHECK_EQ(get_primask(), 1, "PRIMASK=1 after cpsid i");
    nvic_pend(IRQ_B);
    CHECK(nvic_is_pending(IRQ_B), "B pending under PRIMASK");
    CHECK(SCB_ICSR & ICSR_ISRPENDING, "ICSR.ISRPENDING");
    CHECK_EQ(ICSR_VECTPENDING(SCB_ICSR), EXC_IRQ(IRQ_B), "ICSR.VECTPENDING = B");
    SCB_ICSR = ICSR_NMIPENDSET;
    barrier();
    CHECK_EQ(nmi_count, 1, "NMI taken despite PRIMASK");
    cpsie_i();
    isb();
    CHECK_EQ(get_primask(), 0, "PRIMASK=0 after cpsie i");
    expect_log("NB", "PRIMASK: NMI runs, B waits for cpsie i");

    /* --- FAULTMASK ----------------------------------------------------- */
    set_prios(0x80, 0x00, 0xA0, 0x80);
    cpsid_f();
    CHECK_EQ(get_faultmask(), 1, "FAULTMASK=1 after cpsid f");
    nvic_pend(IRQ_B);
    CHECK(nvic_is_pending(IRQ_B), "B(0x00) pending under FAULTMASK");
    SCB_ICSR = ICSR_NMIPENDSET;
    barrier();
    CHECK_EQ(nmi_count, 2, "NMI taken despite FAULTMASK");
    cpsie_f();
    isb();
    expect_log("NB", "FAULTMASK: NMI runs, B(0x00) waits for cpsie f");

    a_action = set_faultmask_in_handler;
    nvic_pend(IRQ_A);
    expect_log("Aa", "cpsid f inside A");
    CHECK_EQ(get_faultmask(), 0, "FAULTMASK cleared by exception return");
    section("FAULTMASK cleared on exception return");

    for (unsigned irq = IRQ_A; irq <= IRQ_D; irq++) {
        nvic_disable(irq);
    }
    pass();
}
