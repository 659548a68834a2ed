/*
 * wdt.c - the watchdog resets the chip when it is not fed.
 *
 * First boot (RESETREAS has no DOG bit): feeding through RR[0] while
 * REQSTATUS shows which reload registers are still to be written keeps the
 * system alive past the timeout; CRV cannot be changed once started. Then the
 * program stops feeding and waits with the TIMEOUT interrupt enabled: the
 * handler runs, and the system resets two 32.768 kHz ticks later.
 *
 * Second boot: POWER.RESETREAS has DOG (bit 1), the watchdog is stopped
 * again (RUNSTATUS 0, CRV back to its reset value), the retained register
 * GPREGRET is reset (it survives only soft and lockup resets), and writing 1
 * clears DOG. Words of RAM that the startup code does not touch carry what the
 * first boot did: the emulator keeps RAM through the reset (the datasheet
 * never resets RAM but does not promise its content after a watchdog reset).
 *
 * Third boot, after AIRCR.SYSRESETREQ: RESETREAS is SREQ alone and GPREGRET
 * kept the value written before the soft reset.
 */
#define TEST_NAME "wdt"
#include "exc.h"
#include "nrf52840_regs.h"

#define RELOAD_KEY 0x6E524635u
#define RESETREAS_DOG (1u << 1)
#define RESETREAS_SREQ (1u << 2)

/* Outside .data, .bss and the stack (which ends 16 KiB below the top of RAM): nothing at
 * start-up touches these words, so they show whether RAM survived the watchdog reset. */
#define boot_marker REG32(0x20030000u)
#define boots       REG32(0x20030004u)
#define fed_ok      REG32(0x20030008u)
#define handled     REG32(0x2003000Cu)
static volatile uint32_t timeouts;

void IRQ16_Handler(void)  /* WDT */
{
    WDT_EVENTS_TIMEOUT = 0;
    timeouts++;
    handled = timeouts;
    printf("wdt: TIMEOUT interrupt; the reset follows\n");
    fflush(stdout);
}

static void first_boot(void)
{
    boot_marker = 0x600D600Du;
    boots = 1;
    fed_ok = 0;
    handled = 0;
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    CHECK_EQ(WDT_RUNSTATUS, 0, "not running at power-on");
    WDT_CRV = 32768u / 100u - 1u;      /* 10 ms */
    WDT_RREN = 1u << 0;
    WDT_CONFIG = 1u;                   /* keep running while the CPU sleeps */
    POWER_GPREGRET = 0xB1u;
    WDT_TASKS_START = 1;
    CHECK_EQ(WDT_RUNSTATUS, 1, "RUNSTATUS after START");
    CHECK_EQ(WDT_REQSTATUS, 1, "RR[0] enabled and not yet requested");
    WDT_CRV = 5;
    CHECK_EQ(WDT_CRV, 32768u / 100u - 1u, "CRV is locked while running");

    /* Feed every 5 ms for 50 ms: five timeouts' worth of time. */
    uint32_t start = DWT_CYCCNT;
    uint32_t fed = start;
    while (DWT_CYCCNT - start < 50u * 64000u) {
        if (DWT_CYCCNT - fed >= 5u * 64000u) {
            WDT_RR_0 = RELOAD_KEY;
            fed = DWT_CYCCNT;
        }
    }
    CHECK_EQ(WDT_EVENTS_TIMEOUT, 0, "fed in time: no timeout");
    fed_ok = 1;
    printf("wdt: fed for 50 ms, now waiting for the watchdog\n");
    fflush(stdout);
    WDT_INTENSET = 1;
    nvic_enable(WDT_IRQn);
    for (;;) {
        wfi();
    }
}

static void third_boot(uint32_t reason)
{
    boots++;
    printf("wdt: boot %lu, RESETREAS 0x%08lx\n", (unsigned long)boots, (unsigned long)reason);
    CHECK_EQ(boots, 3, "third boot");
    CHECK_EQ(reason, RESETREAS_SREQ, "RESETREAS: soft reset only");
    CHECK_EQ(POWER_GPREGRET, 0x5Au, "GPREGRET kept through a soft reset");
    pass();
}

int main(void)
{
    uint32_t reason = POWER_RESETREAS;
    if (reason & RESETREAS_SREQ) {
        third_boot(reason);
    }
    if ((reason & RESETREAS_DOG) == 0) {
        first_boot();
    }
    boots++;
    printf("wdt: boot %lu, RESETREAS 0x%08lx\n", (unsigned long)boots, (unsigned long)reason);
    CHECK_EQ(reason, RESETREAS_DOG, "RESETREAS: watchdog reset only");
    CHECK_EQ(boot_marker, 0x600D600Du, "RAM kept through the watchdog reset");
    CHECK_EQ(boots, 2, "second boot");
    CHECK_EQ(fed_ok, 1, "feeding kept the first boot alive for 50 ms");
    CHECK_EQ(handled, 1, "the TIMEOUT interrupt ran once before the reset");
    CHECK_EQ(timeouts, 0, "bss cleared again by the startup code");
    CHECK_EQ(WDT_RUNSTATUS, 0, "the watchdog is reset too");
    CHECK_EQ(WDT_CRV, 0xFFFFFFFFu, "CRV back to its reset value");
    CHECK_EQ(POWER_GPREGRET, 0, "GPREGRET reset by the watchdog reset");
    POWER_RESETREAS = RESETREAS_DOG;
    CHECK_EQ(POWER_RESETREAS, 0, "writing 1 clears DOG");
    POWER_GPREGRET = 0x5Au;
    printf("wdt: soft reset\n");
    fflush(stdout);
    SCB_AIRCR = AIRCR_VECTKEY | (1u << 2);   /* SYSRESETREQ */
    for (;;) {
    }
}
