/*
 * twi_legacy.c - the LSM9DS1 through the legacy TWI0 (no EasyDMA), driven byte by byte as
 * nrfx_twi and mbed's nRF52 I2C HAL (used by the Arduino core's Wire) drive it.
 *
 * ANACK for an absent address; WHO_AM_I 0x68 by write (TXD, TXDSENT) then read with a repeated
 * START; CTRL_REG6_XL written (two TXD bytes, then STOP); a six-byte read with the BB_SUSPEND
 * shortcut and RESUME after each RXDREADY, BB_STOP for the last byte: the accelerometer reads
 * 1 g on z at rest (16393 at 0.061 mg/LSB).
 */
#define TEST_NAME "twi_legacy"
#include "exc.h"
#include "nrf52840_regs.h"
#include "twim.h"

#define SHORT_BB_SUSPEND (1u << 0)
#define SHORT_BB_STOP    (1u << 1)

static int wait_for(volatile uint32_t *event)
{
    while (*event == 0) {
        if (TWI0_EVENTS_ERROR) {
            return -1;
        }
    }
    *event = 0;
    return 0;
}

static uint32_t fail_transfer(void)
{
    uint32_t error = TWI0_ERRORSRC;
    TWI0_ERRORSRC = error;
    TWI0_EVENTS_ERROR = 0;
    TWI0_TASKS_STOP = 1;
    while (TWI0_EVENTS_STOPPED == 0) {
    }
    TWI0_EVENTS_STOPPED = 0;
    return error;
}

/* Register pointer, then `count` bytes with a repeated START. */
static uint32_t twi_read(uint8_t address, uint8_t reg, uint8_t *data, uint32_t count)
{
    TWI0_ADDRESS = address;
    TWI0_SHORTS = 0;
    TWI0_TXD = reg;
    TWI0_TASKS_STARTTX = 1;
    if (wait_for(&TWI0_EVENTS_TXDSENT) != 0) {
        return fail_transfer();
    }
    TWI0_SHORTS = count == 1 ? SHORT_BB_STOP : SHORT_BB_SUSPEND;
    TWI0_TASKS_STARTRX = 1;
    for (uint32_t i = 0; i < count; i++) {
        if (wait_for(&TWI0_EVENTS_RXDREADY) != 0) {
            return fail_transfer();
        }
        data[i] = (uint8_t)TWI0_RXD;
        if (i + 1 < count) {
            if (i + 2 == count) {
                TWI0_SHORTS = SHORT_BB_STOP;
            }
            TWI0_TASKS_RESUME = 1;
        }
    }
    while (TWI0_EVENTS_STOPPED == 0) {
    }
    TWI0_EVENTS_STOPPED = 0;
    return 0;
}

static uint32_t twi_write(uint8_t address, uint8_t reg, uint8_t value)
{
    TWI0_ADDRESS = address;
    TWI0_SHORTS = 0;
    TWI0_TXD = reg;
    TWI0_TASKS_STARTTX = 1;
    if (wait_for(&TWI0_EVENTS_TXDSENT) != 0) {
        return fail_transfer();
    }
    TWI0_TXD = value;
    if (wait_for(&TWI0_EVENTS_TXDSENT) != 0) {
        return fail_transfer();
    }
    TWI0_TASKS_STOP = 1;
    while (TWI0_EVENTS_STOPPED == 0) {
    }
    TWI0_EVENTS_STOPPED = 0;
    return 0;
}

int main(void)
{
    sensors_power(1);
    TWI0_PSEL_SCL = 15;
    TWI0_PSEL_SDA = 14;
    TWI0_FREQUENCY = 0x06680000u;   /* 400 kbps */
    TWI0_ENABLE = 5;

    uint8_t id = 0;
    CHECK_EQ(twi_read(0x50, 0x0F, &id, 1), ERRORSRC_ANACK, "absent address: ANACK");
    CHECK_EQ(twi_read(0x6B, 0x0F, &id, 1), 0, "WHO_AM_I read");
    CHECK_EQ(id, 0x68, "LSM9DS1 WHO_AM_I");
    CHECK_EQ(twi_write(0x6B, 0x20, 0x60), 0, "CTRL_REG6_XL: 119 Hz, +-2 g");
    uint8_t status = 0;
    do {
        CHECK_EQ(twi_read(0x6B, 0x27, &status, 1), 0, "STATUS_REG");
    } while ((status & 1) == 0);
    uint8_t block[6];
    CHECK_EQ(twi_read(0x6B, 0x28, block, 6), 0, "OUT_X_L_XL..OUT_Z_H_XL");
    int16_t z = (int16_t)(block[4] | block[5] << 8);
    printf("twi_legacy: z=%d\n", z);
    CHECK_EQ(z, 16393, "1 g on z");
    pass();
}
