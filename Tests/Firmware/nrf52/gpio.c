/*
 * gpio.c - the GPIO ports and GPIOTE as firmware sees them through registers.
 *
 * P0/P1 OUT, OUTSET, OUTCLR, DIR, DIRSET, DIRCLR and PIN_CNF read-backs (DIR
 * and PIN_CNF[n].DIR are one bit); IN through the input buffer (pulls, an
 * output reading itself, a disconnected buffer reading 0, open-drain drive);
 * SENSE and LATCH; GPIOTE in event mode (an edge made by switching the pull)
 * with its interrupt, the PORT event from SENSE, and task mode driving a pin
 * whatever the GPIO registers say. Ends with the built-in LED (P0.13, active
 * high) and the red LED (P0.24, active low) lit for the run report.
 */
#define TEST_NAME "gpio"
#include "exc.h"
#include "nrf52840_regs.h"

#define CNF_OUTPUT      (1u << 0)
#define CNF_DISCONNECT  (1u << 1)
#define CNF_PULLDOWN    (1u << 2)
#define CNF_PULLUP      (3u << 2)
#define CNF_S0D1        (6u << 8)
#define CNF_SENSE_HIGH  (2u << 16)
#define CNF_SENSE_LOW   (3u << 16)

#define GPIOTE_EVENT    1u
#define GPIOTE_TASK     3u
#define PSEL(pin)       ((uint32_t)(pin) << 8)
#define LO_TO_HI        (1u << 16)
#define HI_TO_LO        (2u << 16)
#define TOGGLE          (3u << 16)
#define OUTINIT_HIGH    (1u << 20)

static volatile uint32_t gpiote_interrupts;

void IRQ6_Handler(void)   /* GPIOTE */
{
    if (GPIOTE_EVENTS_IN_1) {
        GPIOTE_EVENTS_IN_1 = 0;
        gpiote_interrupts++;
    }
}

static uint32_t in_bit(unsigned pin) { return (P0_IN >> pin) & 1u; }

int main(void)
{
    /* Reset values. */
    CHECK_EQ(P0_OUT, 0, "P0.OUT reset");
    CHECK_EQ(P0_DIR, 0, "P0.DIR reset");
    CHECK_EQ(P0_PIN_CNF_13, CNF_DISCONNECT, "PIN_CNF reset: input, buffer disconnected");
    CHECK_EQ(P0_IN, 0, "P0.IN reset");

    /* OUT, OUTSET, OUTCLR. */
    P0_OUT = 0x1234;
    P0_OUTSET = 1u << 16;
    CHECK_EQ(P0_OUT, 0x11234, "OUTSET sets");
    CHECK_EQ(P0_OUTSET, 0x11234, "OUTSET reads OUT");
    P0_OUTCLR = 0x4;
    CHECK_EQ(P0_OUT, 0x11230, "OUTCLR clears");
    CHECK_EQ(P0_OUTCLR, 0x11230, "OUTCLR reads OUT");
    P0_OUT = 0;
    section("OUT/OUTSET/OUTCLR");

    /* DIR and PIN_CNF[n].DIR are one bit. */
    P0_DIRSET = 1u << 13;
    CHECK_EQ(P0_DIR, 1u << 13, "DIRSET");
    CHECK_EQ(P0_PIN_CNF_13, CNF_DISCONNECT | CNF_OUTPUT, "DIRSET shows in PIN_CNF.DIR");
    P0_PIN_CNF_5 = CNF_OUTPUT;
    CHECK_EQ(P0_DIR, (1u << 13) | (1u << 5), "PIN_CNF.DIR shows in DIR");
    CHECK_EQ(P0_DIRSET, (1u << 13) | (1u << 5), "DIRSET reads DIR");
    P0_DIRCLR = 1u << 5;
    CHECK_EQ(P0_DIR, 1u << 13, "DIRCLR");
    CHECK_EQ(P0_PIN_CNF_5, 0, "DIRCLR clears PIN_CNF.DIR");
    section("DIR/DIRSET/DIRCLR and PIN_CNF.DIR");

    /* IN: through the input buffer only. */
    P0_OUTSET = 1u << 13;
    CHECK_EQ(in_bit(13), 0, "an output whose buffer is disconnected reads 0");
    P0_PIN_CNF_13 = CNF_OUTPUT;
    CHECK_EQ(in_bit(13), 1, "an output with its buffer connected reads itself");
    P0_OUTCLR = 1u << 13;
    CHECK_EQ(in_bit(13), 0, "and follows OUT");
    P0_PIN_CNF_13 = CNF_DISCONNECT;
    P0_PIN_CNF_3 = CNF_PULLUP;
    CHECK_EQ(in_bit(3), 1, "pull-up reads 1");
    P0_PIN_CNF_3 = CNF_PULLDOWN;
    CHECK_EQ(in_bit(3), 0, "pull-down reads 0");
    P0_PIN_CNF_3 = CNF_PULLUP | CNF_DISCONNECT;
    CHECK_EQ(in_bit(3), 0, "a disconnected buffer reads 0");
    P0_PIN_CNF_3 = 0;
    CHECK_EQ(in_bit(3), 0, "a floating input reads 0");
    /* Open drain (S0D1): a 1 is not driven, the pull decides. */
    P0_PIN_CNF_4 = CNF_OUTPUT | CNF_PULLUP | CNF_S0D1;
    P0_OUTSET = 1u << 4;
    CHECK_EQ(in_bit(4), 1, "S0D1 high: released, pulled up");
    P0_PIN_CNF_4 = CNF_OUTPUT | CNF_PULLDOWN | CNF_S0D1;
    CHECK_EQ(in_bit(4), 0, "S0D1 high: released, pulled down");
    P0_OUTCLR = 1u << 4;
    P0_PIN_CNF_4 = CNF_OUTPUT | CNF_PULLUP | CNF_S0D1;
    CHECK_EQ(in_bit(4), 0, "S0D1 low: driven");
    P0_PIN_CNF_4 = CNF_DISCONNECT;
    section("IN through the input buffer");

    /* P1 has 16 pins. */
    P1_OUT = 0xFFFFFFFFu;
    CHECK_EQ(P1_OUT, 0xFFFF, "P1.OUT is 16 bits");
    P1_DIRSET = 0xFFFFFFFFu;
    CHECK_EQ(P1_DIR, 0xFFFF, "P1.DIR is 16 bits");
    P1_PIN_CNF_9 = CNF_OUTPUT;
    CHECK_EQ((P1_IN >> 9) & 1u, 1, "P1.09 reads itself");
    P1_DIR = 0;
    P1_OUT = 0;
    P1_PIN_CNF_9 = CNF_DISCONNECT;
    section("P1");

    /* SENSE and LATCH. */
    P0_PIN_CNF_7 = CNF_PULLUP | CNF_SENSE_LOW;
    CHECK_EQ(P0_LATCH, 0, "pulled up, sensing low: nothing latched");
    P0_PIN_CNF_7 = CNF_PULLDOWN | CNF_SENSE_LOW;
    CHECK_EQ(P0_LATCH, 1u << 7, "low: latched");
    P0_LATCH = 1u << 7;
    CHECK_EQ(P0_LATCH, 1u << 7, "still low: latched again after the clear");
    P0_PIN_CNF_7 = CNF_PULLDOWN;
    P0_LATCH = 1u << 7;
    CHECK_EQ(P0_LATCH, 0, "SENSE off: the clear sticks");
    P0_PIN_CNF_7 = CNF_DISCONNECT;
    section("SENSE/LATCH");

    /* GPIOTE event mode: LoToHi on P0.08, made by switching the pull. */
    P0_PIN_CNF_8 = CNF_PULLDOWN;
    GPIOTE_CONFIG_1 = GPIOTE_EVENT | PSEL(8) | LO_TO_HI;
    CHECK_EQ(GPIOTE_CONFIG_1, GPIOTE_EVENT | PSEL(8) | LO_TO_HI, "CONFIG reads back");
    GPIOTE_INTENSET = 1u << 1;
    nvic_enable(GPIOTE_IRQn);
    P0_PIN_CNF_8 = CNF_PULLUP;
    CHECK_EQ(gpiote_interrupts, 1, "rising edge: IN[1] and its interrupt");
    P0_PIN_CNF_8 = CNF_PULLDOWN;
    CHECK_EQ(gpiote_interrupts, 1, "falling edge: no event for LoToHi");
    CHECK_EQ(GPIOTE_EVENTS_IN_1, 0, "IN[1] stays clear");
    GPIOTE_CONFIG_1 = GPIOTE_EVENT | PSEL(8) | TOGGLE;
    P0_PIN_CNF_8 = CNF_PULLUP;
    P0_PIN_CNF_8 = CNF_PULLDOWN;
    CHECK_EQ(gpiote_interrupts, 3, "Toggle: both edges");
    GPIOTE_CONFIG_1 = 0;
    GPIOTE_INTENCLR = 1u << 1;
    section("GPIOTE event mode");

    /* GPIOTE PORT: DETECT from SENSE. */
    GPIOTE_EVENTS_PORT = 0;
    P0_PIN_CNF_9 = CNF_PULLUP | CNF_SENSE_LOW;
    CHECK_EQ(GPIOTE_EVENTS_PORT, 0, "no PORT event while high");
    P0_PIN_CNF_9 = CNF_PULLDOWN | CNF_SENSE_LOW;
    CHECK_EQ(GPIOTE_EVENTS_PORT, 1, "PORT event when P0.09 goes low");
    P0_PIN_CNF_9 = CNF_DISCONNECT;
    P0_LATCH = 0xFFFFFFFFu;
    GPIOTE_EVENTS_PORT = 0;
    section("GPIOTE PORT event");

    /* GPIOTE task mode drives P0.13 whatever DIR and OUT say. */
    P0_PIN_CNF_13 = 0;              /* input, buffer connected: IN shows the pin */
    GPIOTE_CONFIG_0 = GPIOTE_TASK | PSEL(13) | TOGGLE | OUTINIT_HIGH;
    CHECK_EQ(in_bit(13), 1, "task mode starts at OUTINIT");
    GPIOTE_TASKS_OUT_0 = 1;
    CHECK_EQ(in_bit(13), 0, "OUT toggles");
    GPIOTE_TASKS_SET_0 = 1;
    CHECK_EQ(in_bit(13), 1, "SET");
    P0_OUTCLR = 1u << 13;
    P0_DIRSET = 1u << 13;
    CHECK_EQ(in_bit(13), 1, "GPIO writes do not reach a GPIOTE pin");
    GPIOTE_TASKS_CLR_0 = 1;
    CHECK_EQ(in_bit(13), 0, "CLR");
    GPIOTE_CONFIG_0 = 0;
    P0_OUTSET = 1u << 13;
    CHECK_EQ(in_bit(13), 1, "released: GPIO drives the pin again");
    section("GPIOTE task mode");

    /* Leave LEDs lit: built-in (P0.13 high, already), red (P0.24 low). */
    P0_OUTCLR = 1u << 24;
    P0_DIRSET = 1u << 24;
    pass();
}
