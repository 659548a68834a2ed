/*
 * egu.c - event generator units and the software interrupts they share.
 *
 * EGU0 TASKS_TRIGGER[0] with INTEN bit 0 raises SWI0_EGU0 (IRQ 20); the
 * handler sees EVENTS_TRIGGERED[0] and clears it. Every EGU0-5 raises its own
 * IRQ (20-25) from TRIGGER[15]. Without INTEN the event is set but no
 * interrupt comes. SWI2 pended through the NVIC alone runs IRQ 22 (a software
 * interrupt needs no EGU register). Through the PPI, EGU1's TRIGGERED[3]
 * triggers EGU2 TRIGGER[4] and, by the fork, EGU3 TRIGGER[5] at once.
 */
#define TEST_NAME "egu"
#include "exc.h"
#include "nrf52840_regs.h"

#define EGU_BASE(n) (0x40014000u + 0x1000u * (n))
#define EGU_TRIGGER(n, i) REG32(EGU_BASE(n) + 4u * (i))
#define EGU_TRIGGERED(n, i) REG32(EGU_BASE(n) + 0x100u + 4u * (i))
#define EGU_INTEN(n) REG32(EGU_BASE(n) + 0x300u)
#define EGU_INTENSET(n) REG32(EGU_BASE(n) + 0x304u)
#define EGU_INTENCLR(n) REG32(EGU_BASE(n) + 0x308u)

static volatile uint32_t hits[6], seen[6];

static void egu_handler(unsigned n)
{
    for (unsigned i = 0; i < 16; i++) {
        if (EGU_TRIGGERED(n, i)) {
            seen[n] |= 1u << i;
            EGU_TRIGGERED(n, i) = 0;
        }
    }
    hits[n]++;
}

void IRQ20_Handler(void) { egu_handler(0); }
void IRQ21_Handler(void) { egu_handler(1); }
void IRQ22_Handler(void) { egu_handler(2); }
void IRQ23_Handler(void) { egu_handler(3); }
void IRQ24_Handler(void) { egu_handler(4); }
void IRQ25_Handler(void) { egu_handler(5); }

int main(void)
{
    for (unsigned n = 0; n < 6; n++) {
        nvic_enable(EGU0_IRQn + n);
    }
    CHECK_EQ(EGU0_IRQn, 20, "EGU0 shares IRQ 20 with SWI0");
    CHECK_EQ(SWI0_IRQn, 20, "SWI0 is IRQ 20");

    EGU_INTENSET(0) = 1u << 0;
    CHECK_EQ(EGU_INTEN(0), 1u << 0, "INTENSET shows in INTEN");
    EGU_TRIGGER(0, 0) = 1;
    barrier();
    CHECK_EQ(hits[0], 1, "TRIGGER[0] raises SWI0_EGU0");
    CHECK_EQ(seen[0], 1u << 0, "the handler saw TRIGGERED[0]");
    CHECK_EQ(EGU_TRIGGERED(0, 0), 0, "and cleared it");
    section("EGU0 TRIGGER[0] -> IRQ 20");

    for (unsigned n = 0; n < 6; n++) {
        EGU_INTEN(n) = 1u << 15;
        EGU_TRIGGER(n, 15) = 1;
        barrier();
        CHECK_EQ(hits[n], n == 0 ? 2 : 1, "each EGU raises its own IRQ");
        CHECK_EQ(seen[n] & (1u << 15), 1u << 15, "TRIGGERED[15]");
    }
    section("EGU0-5 -> IRQ 20-25");

    EGU_INTENCLR(4) = 0xFFFFu;
    EGU_TRIGGER(4, 7) = 1;
    barrier();
    CHECK_EQ(hits[4], 1, "no interrupt without INTEN");
    CHECK_EQ(EGU_TRIGGERED(4, 7), 1, "but the event is set");
    EGU_TRIGGERED(4, 7) = 0;
    section("events without interrupts");

    nvic_pend(22);
    CHECK_EQ(hits[2], 2, "SWI2 pended through the NVIC runs IRQ 22");
    CHECK_EQ(seen[2], 1u << 15, "with no new EGU2 event");
    section("SWI2 by NVIC alone");

    EGU_INTEN(1) = 0;
    EGU_INTEN(2) = 0;
    EGU_INTEN(3) = 0;
    PPI_CH_1_EEP = EGU_BASE(1) + 0x100u + 4u * 3u;   /* EGU1 TRIGGERED[3] */
    PPI_CH_1_TEP = EGU_BASE(2) + 4u * 4u;            /* EGU2 TRIGGER[4] */
    PPI_FORK_1_TEP = EGU_BASE(3) + 4u * 5u;          /* EGU3 TRIGGER[5] */
    PPI_CHENSET = 1u << 1;
    EGU_TRIGGER(1, 3) = 1;
    CHECK_EQ(EGU_TRIGGERED(2, 4), 1, "PPI: EGU1 TRIGGERED[3] -> EGU2 TRIGGER[4]");
    CHECK_EQ(EGU_TRIGGERED(3, 5), 1, "fork: -> EGU3 TRIGGER[5]");
    PPI_CHENCLR = 1u << 1;
    section("EGU events through the PPI");
    pass();
}
