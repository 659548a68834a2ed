/*
 * nrfx_style.c - the start-up a typical nRF52840 application performs, written
 * from the vendor's published facts (register names and the addresses of the
 * errata workarounds in the product's errata sheet), to show that real
 * start-up code does not trip over registers tinyemu does not model:
 *   - SystemInit-style errata workarounds: reads of the undocumented FICR
 *     words the errata checks use, writes to undocumented CLOCK, NFCT, CCM and
 *     QSPI addresses, TEMP calibration copied from FICR, CLOCK event clears;
 *   - the FPU enabled through CPACR, NVMC's READY polled;
 *   - HFXO and the 32.768 kHz RC oscillator started and waited for;
 *   - RTC1 as the millisecond time base (COMPARE every 32 ticks ~ 1 ms),
 *     an LED on P0.13 toggled through OUTSET/OUTCLR, WFE sleep between ticks;
 *   - a greeting on UARTE0.
 * It prints PASS once 250 ms of RTC-driven sleep have passed.
 */
#define TEST_NAME "nrfx_style"
#include "exc.h"
#include "nrf52840_regs.h"

static volatile uint32_t milliseconds;

void IRQ17_Handler(void)   /* RTC1 */
{
    RTC1_EVENTS_COMPARE_0 = 0;
    (void)RTC1_EVENTS_COMPARE_0;   /* read back: the write must land before the handler returns */
    RTC1_CC_0 = (RTC1_CC_0 + 33u) & 0xFFFFFFu;   /* ~1 ms at 32768 Hz */
    milliseconds++;
}

static void system_init(void)
{
    /* Errata checks read these FICR words (not in the SVD). */
    uint32_t part_code = *(volatile uint32_t *)0x10000130u;
    uint32_t variant_code = *(volatile uint32_t *)0x10000134u;
    (void)part_code;
    (void)variant_code;
    /* Workarounds: undocumented addresses inside CLOCK, NFCT, CCM, QSPI. */
    *(volatile uint32_t *)0x40000EE4u = (*(volatile uint32_t *)0x40000EE4u & 0xFFFFFFF0u) | (*(volatile uint32_t *)0x10000258u & 0xFu);
    *(volatile uint32_t *)0x4000568Cu = 0x00038148u;
    *(volatile uint32_t *)0x4000F124u = 0;
    *(volatile uint32_t *)0x40029640u = 0x200u;
    /* CLOCK: stale calibration events cleared. */
    CLOCK_EVENTS_DONE = 0;
    CLOCK_EVENTS_CTTO = 0;
    CLOCK_CTIV = 0;
    /* TEMP calibration from FICR. */
    TEMP_A0 = *(volatile uint32_t *)0x10000404u;
    TEMP_B0 = *(volatile uint32_t *)0x10000428u;
    TEMP_T0 = *(volatile uint32_t *)0x10000448u;
    /* FPU (the C library is soft-float here, but SystemInit does it anyway). */
    SCB_CPACR |= 0xFu << 20;
    barrier();
    /* Flash controller idle. */
    while ((NVMC_READY & 1u) == 0) {
    }
}

static void uart_print(const char *text)
{
    uint32_t length = 0;
    while (text[length] != 0) {
        length++;
    }
    UARTE0_TXD_PTR = (uint32_t)(uintptr_t)text;
    UARTE0_TXD_MAXCNT = length;
    UARTE0_EVENTS_ENDTX = 0;
    UARTE0_TASKS_STARTTX = 1;
    while (UARTE0_EVENTS_ENDTX == 0) {
    }
}

int main(void)
{
    system_init();
    CHECK_EQ(FICR_INFO_PART, 0x52840, "FICR part");

    CLOCK_EVENTS_HFCLKSTARTED = 0;
    CLOCK_TASKS_HFCLKSTART = 1;
    while (CLOCK_EVENTS_HFCLKSTARTED == 0) {
    }
    CLOCK_LFCLKSRC = 0;   /* RC (the crystal would take 250 ms of polling to start) */
    CLOCK_EVENTS_LFCLKSTARTED = 0;
    CLOCK_TASKS_LFCLKSTART = 1;
    while (CLOCK_EVENTS_LFCLKSTARTED == 0) {
    }
    CHECK_EQ(CLOCK_LFCLKSRCCOPY & 3u, 0, "LFCLK from the RC oscillator");

    P0_PIN_CNF_13 = 1;    /* output */
    UARTE0_PSEL_TXD = 6;
    UARTE0_BAUDRATE = 0x01D7E000u;
    UARTE0_ENABLE = 8;
    static const char hello[] = "nrfx-style start-up done\n";
    uart_print(hello);

    RTC1_PRESCALER = 0;
    RTC1_CC_0 = 33;
    RTC1_INTENSET = 1u << 16;
    nvic_enable(RTC1_IRQn);
    RTC1_TASKS_START = 1;
    uint32_t toggles = 0;
    while (milliseconds < 250) {
        __asm__ volatile("wfe" ::: "memory");
        if (milliseconds % 50 == 0) {
            if (toggles++ & 1) {
                P0_OUTCLR = 1u << 13;
            } else {
                P0_OUTSET = 1u << 13;
            }
        }
    }
    CHECK(RTC1_COUNTER >= 250u * 33u, "250 ms of RTC ticks");
    pass();
}
