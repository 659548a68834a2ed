/*
 * uarte_hello.c - text out of UARTE0 by EasyDMA, as nRF52 firmware sends it.
 *
 * UARTE0 at 115200 baud sends a line from RAM; the program waits for ENDTX,
 * checks TXD.AMOUNT and that the transfer took as long as 10 bits a byte at
 * 115200 baud (DWT CYCCNT at 64 MHz), then a second line through the
 * ENDTX interrupt. The board's console is UARTE0, so both lines appear on
 * stdout; the checks report through semihosting.
 */
#define TEST_NAME "uarte_hello"
#include "exc.h"
#include "nrf52840_regs.h"

#define UARTE_ENABLE_ENABLED 8u
#define BAUD_115200 0x01D7E000u

static char line1[] = "Hello from UARTE0\n";
static char line2[] = "and again, by interrupt\n";
static volatile uint32_t endtx_interrupts;

void IRQ2_Handler(void)
{
    if (UARTE0_EVENTS_ENDTX) {
        UARTE0_EVENTS_ENDTX = 0;
        endtx_interrupts++;
    }
}

static void send(const char *text, uint32_t length)
{
    UARTE0_TXD_PTR = (uint32_t)(uintptr_t)text;
    UARTE0_TXD_MAXCNT = length;
    UARTE0_TASKS_STARTTX = 1;
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    UARTE0_PSEL_TXD = 6;   /* P0.06 */
    UARTE0_BAUDRATE = BAUD_115200;
    UARTE0_ENABLE = UARTE_ENABLE_ENABLED;
    CHECK_EQ(UARTE0_ENABLE, UARTE_ENABLE_ENABLED, "ENABLE reads back");

    uint32_t length = sizeof line1 - 1;
    uint32_t start = DWT_CYCCNT;
    send(line1, length);
    CHECK_EQ(UARTE0_EVENTS_TXSTARTED, 1, "TXSTARTED");
    while (UARTE0_EVENTS_ENDTX == 0) {
    }
    uint32_t cycles = DWT_CYCCNT - start;
    UARTE0_EVENTS_ENDTX = 0;
    CHECK_EQ(UARTE0_TXD_AMOUNT, length, "TXD.AMOUNT");
    /* 10 bits per byte at 115200 baud (the register gives 115108 baud), at 64 MHz. */
    uint32_t expected = (uint32_t)((uint64_t)length * 10u * 64000000u / 115108u);
    printf("uarte_hello: %lu bytes took %lu cycles (expected about %lu)\n", (unsigned long)length,
           (unsigned long)cycles, (unsigned long)expected);
    CHECK(cycles >= expected - expected / 50 && cycles <= expected + expected / 50, "transfer time at 115200 baud");

    UARTE0_INTENSET = 1u << 8;   /* ENDTX */
    nvic_enable(UARTE0_IRQn);
    send(line2, sizeof line2 - 1);
    while (endtx_interrupts == 0) {
        wfi();
    }
    CHECK_EQ(endtx_interrupts, 1, "one ENDTX interrupt");
    pass();
}
