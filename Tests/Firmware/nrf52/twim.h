/*
 * twim.h - I2C transfers through TWIM1 by EasyDMA, as nrfx drives it, for the tests of the
 * Nano 33 BLE Sense's sensors (internal bus: SDA P0.14, SCL P0.15; sensor supply VDD_ENV on
 * P0.22 and the bus pull-ups on P1.00 must be driven high).
 */
#ifndef TINYEMU_TWIM_H
#define TINYEMU_TWIM_H

#include <stdint.h>
#include "nrf52840_regs.h"

#define TWIM_ENABLE_ENABLED 6u
#define TWIM_FREQ_400K 0x06400000u
#define SHORT_LASTTX_STARTRX (1u << 7)
#define SHORT_LASTTX_STOP    (1u << 9)
#define SHORT_LASTRX_STOP    (1u << 12)
#define ERRORSRC_ANACK (1u << 1)

static inline void sensors_power(int on)
{
    if (on) {
        P0_DIR |= 1u << 22;
        P0_OUT |= 1u << 22;   /* VDD_ENV */
        P1_DIR |= 1u << 0;
        P1_OUT |= 1u << 0;    /* I2C pull-ups */
    } else {
        P0_OUT &= ~(1u << 22);
        P1_OUT &= ~(1u << 0);
    }
}

static inline void twim_init(void)
{
    TWIM1_PSEL_SCL = 15;
    TWIM1_PSEL_SDA = 14;
    TWIM1_FREQUENCY = TWIM_FREQ_400K;
    TWIM1_ENABLE = TWIM_ENABLE_ENABLED;
}

static volatile uint32_t twim_stopped, twim_error;

/* TWIM1 shares IRQ 4 with SPIM1/SPIS1/TWIS1/SPI1/TWI1: records and clears the events. */
void IRQ4_Handler(void)
{
    if (TWIM1_EVENTS_STOPPED) {
        TWIM1_EVENTS_STOPPED = 0;
        twim_stopped++;
    }
    if (TWIM1_EVENTS_ERROR) {
        TWIM1_EVENTS_ERROR = 0;
        twim_error++;
    }
}

/* Sleeps until STOPPED or ERROR has been seen (interrupts masked around the test, so none
   is missed: WFI still wakes on a pending interrupt). */
static inline void sleep_until_event(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
    while (twim_stopped == 0 && twim_error == 0) {
        __asm__ volatile("wfi\n cpsie i\n isb\n cpsid i" ::: "memory");
    }
    __asm__ volatile("cpsie i" ::: "memory");
}

/* Runs the transfer set up in the registers from `start`, sleeping until STOPPED or ERROR
   (after an ERROR, STOP ends the transfer); returns ERRORSRC (0: success). */
static inline uint32_t twim_run(volatile uint32_t *start)
{
    twim_stopped = 0;
    twim_error = 0;
    TWIM1_INTENSET = (1u << 1) | (1u << 9);   /* STOPPED, ERROR */
    NVIC_ISER(0) = 1u << TWIM1_IRQn;
    *start = 1;
    sleep_until_event();
    uint32_t error = 0;
    if (twim_error) {
        error = TWIM1_ERRORSRC;
        TWIM1_ERRORSRC = error;
        twim_error = 0;
        TWIM1_TASKS_STOP = 1;
        sleep_until_event();
    }
    return error;
}

/* Writes the register pointer, then reads `count` bytes (repeated START). */
static inline uint32_t i2c_read(uint8_t address, uint8_t reg, uint8_t *data, uint32_t count)
{
    static uint8_t pointer;
    pointer = reg;
    TWIM1_ADDRESS = address;
    TWIM1_TXD_PTR = (uint32_t)(uintptr_t)&pointer;
    TWIM1_TXD_MAXCNT = 1;
    TWIM1_RXD_PTR = (uint32_t)(uintptr_t)data;
    TWIM1_RXD_MAXCNT = count;
    TWIM1_SHORTS = SHORT_LASTTX_STARTRX | SHORT_LASTRX_STOP;
    return twim_run(&TWIM1_TASKS_STARTTX);
}

static inline uint32_t i2c_write(uint8_t address, uint8_t reg, uint8_t value)
{
    static uint8_t bytes[2];
    bytes[0] = reg;
    bytes[1] = value;
    TWIM1_ADDRESS = address;
    TWIM1_TXD_PTR = (uint32_t)(uintptr_t)bytes;
    TWIM1_TXD_MAXCNT = 2;
    TWIM1_SHORTS = SHORT_LASTTX_STOP;
    return twim_run(&TWIM1_TASKS_STARTTX);
}

static inline uint8_t i2c_read_byte(uint8_t address, uint8_t reg)
{
    uint8_t value = 0xEE;
    if (i2c_read(address, reg, &value, 1) != 0) {
        return 0xEE;
    }
    return value;
}

#endif
