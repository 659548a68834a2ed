/*
 * twim_imu.c - the Nano 33 BLE Sense's LSM9DS1 through TWIM1, as nrfx firmware reads it.
 *
 * With the sensor supply off nobody answers (ANACK); with it on, WHO_AM_I of the
 * accelerometer/gyroscope (0x68) and of the magnetometer (0x3D); an absent address gives
 * ERROR with ERRORSRC.ANACK. A 7-byte read at 400 kHz takes (2 + 7) * 9 bits plus the STOP
 * (DWT CYCCNT within 3 %); every transfer ends with the STOPPED (or ERROR) interrupt while
 * the core sleeps in WFI. Then the
 * accelerometer at 119 Hz, +-2 g: 40 samples, each after STATUS_REG.XLDA, printed as
 * "S <x> <y> <z>" for the host test to compare with the sensor stream.
 */
#define TEST_NAME "twim_imu"
#include "exc.h"
#include "nrf52840_regs.h"
#include "twim.h"

#define LSM9DS1_AG 0x6B
#define LSM9DS1_M  0x1E
#define SAMPLES 40

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    twim_init();

    uint8_t id = 0;
    CHECK_EQ(i2c_read(LSM9DS1_AG, 0x0F, &id, 1), ERRORSRC_ANACK, "no answer while VDD_ENV is off");
    sensors_power(1);
    CHECK_EQ(i2c_read_byte(LSM9DS1_AG, 0x0F), 0x68, "LSM9DS1 WHO_AM_I");
    CHECK_EQ(i2c_read_byte(LSM9DS1_M, 0x0F), 0x3D, "LSM9DS1 WHO_AM_I_M");
    CHECK_EQ(i2c_read(0x50, 0x00, &id, 1), ERRORSRC_ANACK, "absent address: ANACK");
    CHECK_EQ(TWIM1_ERRORSRC, 0, "ERRORSRC cleared by writing ones");
    section("addresses");

    /* A 1 + 6 byte transfer; the core sleeps until the STOPPED interrupt. */
    static uint8_t block[6];
    uint32_t start = DWT_CYCCNT;
    CHECK_EQ(i2c_read(LSM9DS1_AG, 0x28, block, 6), 0, "OUT_X_L_XL..");
    uint32_t cycles = DWT_CYCCNT - start;
    CHECK_EQ(TWIM1_TXD_AMOUNT, 1, "TXD.AMOUNT");
    CHECK_EQ(TWIM1_RXD_AMOUNT, 6, "RXD.AMOUNT");
    CHECK_EQ(TWIM1_EVENTS_LASTTX, 1, "LASTTX");
    CHECK_EQ(TWIM1_EVENTS_LASTRX, 1, "LASTRX");
    /* address + pointer, address + 6 bytes: 9 bytes of 9 bits, and the STOP, at 400 kHz. */
    uint32_t expected = (9u * 9u + 1u) * (64000000u / 400000u);
    printf("twim_imu: 1+6 byte transfer took %lu cycles (expected about %lu)\n", (unsigned long)cycles,
           (unsigned long)expected);
    CHECK(cycles >= expected - expected / 33 && cycles <= expected + expected / 33, "transfer time at 400 kHz");
    section("timing");

    /* Accelerometer only, 119 Hz, +-2 g (CTRL_REG6_XL: ODR_XL = 011, FS_XL = 00). */
    CHECK_EQ(i2c_write(LSM9DS1_AG, 0x20, 0x60), 0, "CTRL_REG6_XL");
    CHECK_EQ(i2c_read_byte(LSM9DS1_AG, 0x20), 0x60, "CTRL_REG6_XL reads back");
    for (int n = 0; n < SAMPLES; n++) {
        uint32_t polls = 0;
        while ((i2c_read_byte(LSM9DS1_AG, 0x27) & 1) == 0) {   /* STATUS_REG.XLDA */
            polls++;
        }
        CHECK(n == 0 || polls > 0, "a new sample only every 1/119 s");
        CHECK_EQ(i2c_read(LSM9DS1_AG, 0x28, block, 6), 0, "OUT_X_L_XL..OUT_Z_H_XL");
        int16_t x = (int16_t)(block[0] | block[1] << 8);
        int16_t y = (int16_t)(block[2] | block[3] << 8);
        int16_t z = (int16_t)(block[4] | block[5] << 8);
        printf("S %d %d %d\n", x, y, z);
    }
    CHECK_EQ(i2c_read_byte(LSM9DS1_AG, 0x27) & 1, 0, "XLDA clears when the sample is read");
    pass();
}
