/*
 * exc.h - register definitions and helpers for the exception-model tests.
 *
 * Every program defines TEST_NAME before including this file.  A failed check
 * prints "FAIL <name>: <what>" and exits 1; pass() prints "PASS <name>" and
 * exits 0.  The vector table and Reset_Handler are in vectors.c; a program
 * overrides a handler by defining a function with its name (NMI_Handler,
 * HardFault_Handler, ..., SysTick_Handler, IRQ0_Handler .. IRQ47_Handler).
 */
#ifndef TINYEMU_EXC_H
#define TINYEMU_EXC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef TEST_NAME
#error "define TEST_NAME before including exc.h"
#endif

/* Name printed by vectors.c's Default_Handler. */
const char exc_test_name[] = TEST_NAME;

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))

/* ---- System Control Block (0xE000ED00) ---------------------------------- */
#define SCB_CPUID  REG32(0xE000ED00u)
#define SCB_ICSR   REG32(0xE000ED04u)
#define SCB_VTOR   REG32(0xE000ED08u)
#define SCB_AIRCR  REG32(0xE000ED0Cu)
#define SCB_SCR    REG32(0xE000ED10u)
#define SCB_CCR    REG32(0xE000ED14u)
#define SCB_SHPR(n) REG8(0xE000ED18u + (n) - 4u) /* n = exception number 4..15 */
#define SCB_SHCSR  REG32(0xE000ED24u)
#define SCB_CFSR   REG32(0xE000ED28u)
#define SCB_HFSR   REG32(0xE000ED2Cu)
#define SCB_MMFAR  REG32(0xE000ED34u)
#define SCB_BFAR   REG32(0xE000ED38u)
#define SCB_CPACR  REG32(0xE000ED88u)

#define ICSR_NMIPENDSET  (1u << 31)
#define ICSR_PENDSVSET   (1u << 28)
#define ICSR_PENDSVCLR   (1u << 27)
#define ICSR_PENDSTSET   (1u << 26)
#define ICSR_PENDSTCLR   (1u << 25)
#define ICSR_ISRPENDING  (1u << 22)
#define ICSR_VECTPENDING(x) (((x) >> 12) & 0x1FFu)
#define ICSR_RETTOBASE   (1u << 11)
#define ICSR_VECTACTIVE(x) ((x) & 0x1FFu)

#define AIRCR_VECTKEY    (0x05FAu << 16)
#define AIRCR_PRIGROUP_SHIFT 8

#define SCR_SLEEPONEXIT  (1u << 1)
#define SCR_SLEEPDEEP    (1u << 2)
#define SCR_SEVONPEND    (1u << 4)

#define CCR_UNALIGN_TRP  (1u << 3)
#define CCR_DIV_0_TRP    (1u << 4)

#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)

/* CFSR = MMFSR (7:0) | BFSR (15:8) | UFSR (31:16) */
#define CFSR_IACCVIOL    (1u << 0)
#define CFSR_DACCVIOL    (1u << 1)
#define CFSR_MUNSTKERR   (1u << 3)
#define CFSR_MSTKERR     (1u << 4)
#define CFSR_MMARVALID   (1u << 7)
#define CFSR_IBUSERR     (1u << 8)
#define CFSR_PRECISERR   (1u << 9)
#define CFSR_IMPRECISERR (1u << 10)
#define CFSR_BFARVALID   (1u << 15)
#define CFSR_UNDEFINSTR  (1u << 16)
#define CFSR_INVSTATE    (1u << 17)
#define CFSR_INVPC       (1u << 18)
#define CFSR_NOCP        (1u << 19)
#define CFSR_UNALIGNED   (1u << 24)
#define CFSR_DIVBYZERO   (1u << 25)

#define HFSR_VECTTBL     (1u << 1)
#define HFSR_FORCED      (1u << 30)

/* ---- NVIC (0xE000E100) -------------------------------------------------- */
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG32(0xE000E280u + 4u * (n))
#define NVIC_IABR(n) REG32(0xE000E300u + 4u * (n))
#define NVIC_IPR(irq) REG8(0xE000E400u + (irq))
#define NVIC_STIR    REG32(0xE000EF00u)

/* ---- SysTick (0xE000E010) ----------------------------------------------- */
#define SYST_CSR   REG32(0xE000E010u)
#define SYST_RVR   REG32(0xE000E014u)
#define SYST_CVR   REG32(0xE000E018u)
#define SYST_CALIB REG32(0xE000E01Cu)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define SYST_CSR_COUNTFLAG (1u << 16)

/* ---- DWT (0xE0001000) and CoreDebug DEMCR -------------------------------- */
#define DWT_CTRL   REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_CTRL_NOCYCCNT  (1u << 25)
#define COREDEBUG_DEMCR REG32(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)

/* Exception numbers. */
#define EXC_NMI        2
#define EXC_HARDFAULT  3
#define EXC_MEMMANAGE  4
#define EXC_BUSFAULT   5
#define EXC_USAGEFAULT 6
#define EXC_SVCALL     11
#define EXC_PENDSV     14
#define EXC_SYSTICK    15
#define EXC_IRQ(n)     (16 + (n))

/* ---- Core register access ----------------------------------------------- */
static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void barrier(void) { dsb(); isb(); }
static inline void cpsid_i(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void cpsie_i(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void cpsid_f(void) { __asm__ volatile("cpsid f" ::: "memory"); }
static inline void cpsie_f(void) { __asm__ volatile("cpsie f" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static inline void sev(void) { __asm__ volatile("sev" ::: "memory"); }

#define DEFINE_SREG(name)                                                     \
    static inline uint32_t get_##name(void)                                   \
    {                                                                         \
        uint32_t v;                                                           \
        __asm__ volatile("mrs %0, " #name : "=r"(v) :: "memory");             \
        return v;                                                             \
    }
#define DEFINE_SREG_W(name)                                                   \
    DEFINE_SREG(name)                                                         \
    static inline void set_##name(uint32_t v)                                 \
    {                                                                         \
        __asm__ volatile("msr " #name ", %0" :: "r"(v) : "memory");           \
    }
DEFINE_SREG_W(primask)
DEFINE_SREG_W(faultmask)
DEFINE_SREG_W(basepri)
DEFINE_SREG_W(control)
DEFINE_SREG_W(psp)
DEFINE_SREG_W(msp)
DEFINE_SREG(ipsr)
DEFINE_SREG(xpsr)

static inline void set_basepri_max(uint32_t v)
{
    __asm__ volatile("msr basepri_max, %0" :: "r"(v) : "memory");
}

/* ---- NVIC helpers --------------------------------------------------------- */
static inline void nvic_enable(unsigned irq)  { NVIC_ISER(irq >> 5) = 1u << (irq & 31); barrier(); }
static inline void nvic_disable(unsigned irq) { NVIC_ICER(irq >> 5) = 1u << (irq & 31); barrier(); }
static inline void nvic_pend(unsigned irq)    { NVIC_ISPR(irq >> 5) = 1u << (irq & 31); barrier(); }
static inline void nvic_unpend(unsigned irq)  { NVIC_ICPR(irq >> 5) = 1u << (irq & 31); barrier(); }
static inline int nvic_is_pending(unsigned irq) { return (NVIC_ISPR(irq >> 5) >> (irq & 31)) & 1u; }
static inline int nvic_is_active(unsigned irq)  { return (NVIC_IABR(irq >> 5) >> (irq & 31)) & 1u; }
static inline void nvic_set_priority(unsigned irq, uint8_t prio) { NVIC_IPR(irq) = prio; barrier(); }

static inline void set_prigroup(unsigned g)
{
    SCB_AIRCR = AIRCR_VECTKEY | (SCB_AIRCR & ~(0xFFFF0000u | (7u << 8))) |
                ((g & 7u) << AIRCR_PRIGROUP_SHIFT);
    barrier();
}

/* ---- Self-check helpers ------------------------------------------------- */
__attribute__((noreturn, unused)) static void fail(const char *what)
{
    printf("FAIL %s: %s\n", TEST_NAME, what);
    fflush(stdout);
    exit(1);
}

__attribute__((noreturn, unused)) static void pass(void)
{
    printf("PASS %s\n", TEST_NAME);
    fflush(stdout);
    exit(0);
}

__attribute__((unused)) static void section(const char *what)
{
    printf("%s: %s ok\n", TEST_NAME, what);
}

#define CHECK(cond, what)                                                     \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fail(what);                                                       \
        }                                                                     \
    } while (0)

/* Compare two 32-bit values; print both on mismatch. */
#define CHECK_EQ(got, want, what)                                             \
    do {                                                                      \
        uint32_t got_ = (uint32_t)(got), want_ = (uint32_t)(want);           \
        if (got_ != want_) {                                                  \
            printf("FAIL %s: %s: got 0x%08lx, want 0x%08lx\n", TEST_NAME,     \
                   what, (unsigned long)got_, (unsigned long)want_);          \
            fflush(stdout);                                                   \
            exit(1);                                                          \
        }                                                                     \
    } while (0)

/* Calls fn() in privileged Thread mode with SP = PSP = psp_top, back on MSP after (vectors.c). */
void run_on_psp(void (*fn)(void), uint32_t *psp_top);

#endif
