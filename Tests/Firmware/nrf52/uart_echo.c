/*
 * uart_echo.c - a console that reads what the host types.
 *
 * UARTE0 (the console) receives one byte per EasyDMA buffer (RXD.MAXCNT 1)
 * with the ENDRX->STARTRX shortcut until a newline, 10 bit times apart at
 * 115200 baud, then echoes the line through TX. The host's standard input is
 * the RX line. A second line goes through the legacy UART0 (ENABLE = 4): RXD
 * and RXDRDY, TXD and TXDRDY. When stdin has nothing more, the program
 * sleeps; the test then expects the run to end (nothing could wake it).
 */
#define TEST_NAME "uart_echo"
#include "exc.h"
#include "nrf52840_regs.h"

#define BAUD_115200 0x01D7E000u
#define UARTE_ENABLED 8u
#define UART_ENABLED 4u

static volatile uint8_t rx_byte;

void IRQ2_Handler(void)  /* UARTE0 */
{
    fail("a byte arrived after the end of input");
}
static char line[128];
static char reply[160];

static void uarte_send(const char *text, uint32_t length)
{
    UARTE0_EVENTS_ENDTX = 0;
    UARTE0_TXD_PTR = (uint32_t)(uintptr_t)text;
    UARTE0_TXD_MAXCNT = length;
    UARTE0_TASKS_STARTTX = 1;
    while (UARTE0_EVENTS_ENDTX == 0) {
    }
}

static uint32_t uarte_read_line(void)
{
    uint32_t n = 0;
    UARTE0_RXD_PTR = (uint32_t)(uintptr_t)&rx_byte;
    UARTE0_RXD_MAXCNT = 1;
    UARTE0_SHORTS = 1u << 5;     /* ENDRX_STARTRX */
    UARTE0_EVENTS_ENDRX = 0;
    UARTE0_EVENTS_RXSTARTED = 0;
    UARTE0_TASKS_STARTRX = 1;
    CHECK_EQ(UARTE0_EVENTS_RXSTARTED, 1, "RXSTARTED");
    uint32_t previous = 0;
    for (;;) {
        while (UARTE0_EVENTS_ENDRX == 0) {
        }
        uint32_t now = DWT_CYCCNT;
        UARTE0_EVENTS_ENDRX = 0;
        CHECK_EQ(UARTE0_RXD_AMOUNT, 1, "RXD.AMOUNT");
        if (n > 0) {
            /* 10 bits at 115108 baud: 5560 cycles at 64 MHz. */
            CHECK(now - previous >= 5400u && now - previous <= 5800u, "a byte every 10 bit times");
        }
        previous = now;
        char c = (char)rx_byte;
        if (c == '\n' || n == sizeof line - 1) {
            break;
        }
        line[n++] = c;
    }
    UARTE0_SHORTS = 0;
    UARTE0_EVENTS_RXTO = 0;
    UARTE0_TASKS_STOPRX = 1;
    while (UARTE0_EVENTS_RXTO == 0) {
    }
    line[n] = 0;
    return n;
}

static uint32_t uart_read_line(void)
{
    uint32_t n = 0;
    UART0_EVENTS_RXDRDY = 0;
    UART0_TASKS_STARTRX = 1;
    for (;;) {
        while (UART0_EVENTS_RXDRDY == 0) {
        }
        UART0_EVENTS_RXDRDY = 0;
        char c = (char)UART0_RXD;
        if (c == '\n' || n == sizeof line - 1) {
            break;
        }
        line[n++] = c;
    }
    UART0_TASKS_STOPRX = 1;
    line[n] = 0;
    return n;
}

static void uart_send(const char *text)
{
    UART0_TASKS_STARTTX = 1;
    for (; *text; text++) {
        UART0_EVENTS_TXDRDY = 0;
        UART0_TXD = (uint8_t)*text;
        while (UART0_EVENTS_TXDRDY == 0) {
        }
    }
    UART0_TASKS_STOPTX = 1;
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    UARTE0_BAUDRATE = BAUD_115200;
    UARTE0_ENABLE = UARTE_ENABLED;
    uint32_t n = uarte_read_line();
    int length = snprintf(reply, sizeof reply, "UARTE0 echo (%lu bytes): %s\n", (unsigned long)n, line);
    uarte_send(reply, (uint32_t)length);

    UARTE0_ENABLE = 0;
    UART0_ENABLE = UART_ENABLED;
    n = uart_read_line();
    snprintf(reply, sizeof reply, "UART0 echo (%lu bytes): %s\n", (unsigned long)n, line);
    uart_send(reply);
    UART0_ENABLE = 0;

    printf("uart_echo: waiting for more input\n");
    fflush(stdout);
    UARTE0_ENABLE = UARTE_ENABLED;
    UARTE0_RXD_PTR = (uint32_t)(uintptr_t)&rx_byte;
    UARTE0_RXD_MAXCNT = 1;
    UARTE0_EVENTS_ENDRX = 0;
    UARTE0_INTENSET = 1u << 4;   /* ENDRX */
    nvic_enable(UARTE0_IRQn);
    UARTE0_TASKS_STARTRX = 1;
    for (;;) {
        wfi();
    }
}
