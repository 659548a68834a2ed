/*
 * nvmc.c - writing and erasing flash through the NVMC, as a bootloader or a
 * settings store does, and flash that persists across runs (--flash-image).
 *
 * First run (the data page is erased): a store without CONFIG.WEN = Wen
 * changes nothing; word writes program as NOR flash does (only 1 -> 0), each
 * halting the CPU (which runs from flash) for t_WRITE = 41 us; code written
 * into flash runs, is erased (ERASEPAGE halts the CPU for t_ERASEPAGE = 85 ms)
 * and rewritten with different code, which runs too (the emulator must drop
 * what it decoded). Last, a record is written to the data page and to
 * UICR.CUSTOMER[0]. A function copied to RAM writes a word and polls READY:
 * the CPU is not halted while it runs from RAM.
 *
 * Second run with the same --flash-image: the record is there; ERASEUICR
 * erases UICR. The output says which run it was.
 */
#define TEST_NAME "nvmc"
#include "exc.h"
#include "nrf52840_regs.h"

#define WEN_REN 0u
#define WEN_WEN 1u
#define WEN_EEN 2u

#define DATA_PAGE 0x000F0000u
#define CODE_PAGE 0x000F1000u
#define RECORD    0xC0FFEE01u
#define CUSTOMER  0x5EED1234u

#define FLASH32(address) REG32(address)

static uint32_t cycles_now(void) { return DWT_CYCCNT; }

static void wait_ready(void)
{
    while (NVMC_READY == 0) {
    }
}

static void write_word(uint32_t address, uint32_t value)
{
    NVMC_CONFIG = WEN_WEN;
    FLASH32(address) = value;
    wait_ready();
    NVMC_CONFIG = WEN_REN;
}

static uint32_t erase_page(uint32_t address)
{
    NVMC_CONFIG = WEN_EEN;
    uint32_t start = cycles_now();
    NVMC_ERASEPAGE = address;
    wait_ready();
    uint32_t took = cycles_now() - start;
    NVMC_CONFIG = WEN_REN;
    return took;
}

/* Runs from RAM (copied there with .data at start-up): the CPU is not halted while the NVMC
 * writes, so it sees READY = 0 and counts its polls. */
__attribute__((section(".data.ramfunc"), noinline, long_call))
static uint32_t write_from_ram(uint32_t address, uint32_t value)
{
    uint32_t polls = 0;
    NVMC_CONFIG = WEN_WEN;
    *(volatile uint32_t *)address = value;
    while (NVMC_READY == 0) {
        polls++;
    }
    NVMC_CONFIG = WEN_REN;
    return polls;
}

typedef int (*code_fn)(void);

static int call_flash_code(void)
{
    barrier();
    return ((code_fn)(uintptr_t)(CODE_PAGE | 1u))();
}

static void first_run(void)
{
    printf("nvmc: first run\n");
    CHECK_EQ(NVMC_READY, 1, "READY at reset");
    CHECK_EQ(NVMC_CONFIG, WEN_REN, "CONFIG at reset: read-only");

    FLASH32(DATA_PAGE + 8) = 0x12345678u;
    CHECK_EQ(FLASH32(DATA_PAGE + 8), 0xFFFFFFFFu, "a store without WEN changes nothing");

    NVMC_CONFIG = WEN_WEN;
    CHECK_EQ(NVMC_CONFIG, WEN_WEN, "CONFIG reads back");
    uint32_t start = cycles_now();
    FLASH32(DATA_PAGE + 4) = 0xFFFF00FFu;
    uint32_t took = cycles_now() - start;
    CHECK_EQ(NVMC_READY, 1, "the CPU, fetching from flash, waited for the write");
    printf("nvmc: a word write halted the CPU for %lu cycles\n", (unsigned long)took);
    CHECK(took >= 41u * 64u && took < 41u * 64u + 200u, "t_WRITE = 41 us at 64 MHz");
    FLASH32(DATA_PAGE + 4) = 0x0FFFFFFFu;
    wait_ready();
    NVMC_CONFIG = WEN_REN;
    CHECK_EQ(FLASH32(DATA_PAGE + 4), 0x0FFF00FFu, "a second write only clears bits (old AND new)");

    uint32_t polls = write_from_ram(DATA_PAGE + 12, 0x0000FFFFu);
    printf("nvmc: code in RAM polled READY %lu times during a write\n", (unsigned long)polls);
    CHECK(polls > 100, "code running from RAM is not halted: it sees READY = 0");
    CHECK_EQ(FLASH32(DATA_PAGE + 12), 0x0000FFFFu, "written from RAM");

    /* Code in flash: movs r0, #42; bx lr. */
    write_word(CODE_PAGE, 0x4770202Au);
    CHECK_EQ(call_flash_code(), 42, "code written to flash runs");
    took = erase_page(CODE_PAGE);
    printf("nvmc: a page erase halted the CPU for %lu cycles\n", (unsigned long)took);
    CHECK(took >= 85000u * 64u && took < 85000u * 64u + 200u, "t_ERASEPAGE = 85 ms at 64 MHz");
    CHECK_EQ(FLASH32(CODE_PAGE), 0xFFFFFFFFu, "ERASEPAGE sets the page to 0xFF");
    CHECK_EQ(FLASH32(CODE_PAGE + 4092), 0xFFFFFFFFu, "the whole page");
    /* movs r0, #7; bx lr: the old decoded instruction must not run. */
    write_word(CODE_PAGE, 0x47702007u);
    CHECK_EQ(call_flash_code(), 7, "rewritten code runs the new instructions");

    NVMC_CONFIG = WEN_WEN;
    FLASH32(DATA_PAGE) = RECORD;
    wait_ready();
    UICR_CUSTOMER_0 = CUSTOMER;
    wait_ready();
    NVMC_CONFIG = WEN_REN;
    CHECK_EQ(FLASH32(DATA_PAGE), RECORD, "record written");
    CHECK_EQ(UICR_CUSTOMER_0, CUSTOMER, "UICR.CUSTOMER[0] written through the NVMC");
    UICR_CUSTOMER_1 = 0;
    CHECK_EQ(UICR_CUSTOMER_1, 0xFFFFFFFFu, "UICR is not written without WEN");
}

static void second_run(void)
{
    printf("nvmc: second run, the record survived\n");
    CHECK_EQ(FLASH32(DATA_PAGE + 4), 0x0FFF00FFu, "programmed word kept");
    CHECK_EQ(UICR_CUSTOMER_0, CUSTOMER, "UICR kept");
    CHECK_EQ(call_flash_code(), 7, "code written to flash kept");
    NVMC_CONFIG = WEN_EEN;
    NVMC_ERASEUICR = 1;
    wait_ready();
    NVMC_CONFIG = WEN_REN;
    CHECK_EQ(UICR_CUSTOMER_0, 0xFFFFFFFFu, "ERASEUICR");
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    if (FLASH32(DATA_PAGE) == RECORD) {
        second_run();
    } else {
        CHECK_EQ(FLASH32(DATA_PAGE), 0xFFFFFFFFu, "data page erased on a fresh flash");
        first_run();
    }
    pass();
}
