/*
 * button.c - a push button on P0.11 (to ground, with the pin's pull-up), as a
 * board file declares it (nrf52/button-board.yaml) and `--press` presses it.
 *
 * GPIOTE channel 0 watches P0.11 for a falling edge (HiToLo) with an
 * interrupt; the program sleeps (WFI) until then and prints the virtual time
 * of the press (DWT CYCCNT at 64 MHz), then waits for the release through
 * channel 1 (LoToHi) and prints how long the button was held.
 */
#define TEST_NAME "button"
#include "exc.h"
#include "nrf52840_regs.h"

#define BUTTON_PIN 11u
#define GPIOTE_MODE_EVENT 1u
#define GPIOTE_POLARITY_LOTOHI 1u
#define GPIOTE_POLARITY_HITOLO 2u

static volatile uint32_t pressed_at, released_at;

void IRQ6_Handler(void)   /* GPIOTE */
{
    if (GPIOTE_EVENTS_IN_0) {
        GPIOTE_EVENTS_IN_0 = 0;
        pressed_at = DWT_CYCCNT;
    }
    if (GPIOTE_EVENTS_IN_1) {
        GPIOTE_EVENTS_IN_1 = 0;
        released_at = DWT_CYCCNT;
    }
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    P0_PIN_CNF_11 = 3u << 2;     /* input, buffer connected, pull-up */
    CHECK_EQ((P0_IN >> BUTTON_PIN) & 1u, 1, "released button reads high");
    GPIOTE_CONFIG_0 = GPIOTE_MODE_EVENT | (BUTTON_PIN << 8) | (GPIOTE_POLARITY_HITOLO << 16);
    GPIOTE_CONFIG_1 = GPIOTE_MODE_EVENT | (BUTTON_PIN << 8) | (GPIOTE_POLARITY_LOTOHI << 16);
    GPIOTE_INTENSET = 3u;        /* IN[0], IN[1] */
    nvic_enable(GPIOTE_IRQn);
    while (pressed_at == 0) {
        wfi();
    }
    printf("button: pressed at %lu ms\n", (unsigned long)(pressed_at / 64000u));
    while (released_at == 0) {
        wfi();
    }
    printf("button: held for %lu ms\n", (unsigned long)((released_at - pressed_at) / 64000u));
    pass();
}
