/*
 * twim_rev2.c - the Nano 33 BLE Sense Rev2's sensors through TWIM1 (run on nano33-rev2).
 *
 * BMI270: CHIP_ID 0x24, the configuration handshake (INIT_CTRL, INTERNAL_STATUS "init ok"),
 * accelerometer at 100 Hz +-2 g reading 1 g on z at rest (16384 LSB/g, +-1 %). BMM150: CHIP_ID
 * reads 0 while suspended and 0x32 once powered (0x4B bit 0). HS3003: a measurement request,
 * then four bytes, valid, 25 degC and 50 %RH by the datasheet's formulas (+-0.05).
 */
#define TEST_NAME "twim_rev2"
#include "exc.h"
#include "nrf52840_regs.h"
#include "twim.h"

#define BMI270 0x68
#define BMM150 0x10
#define HS3003 0x44

static uint32_t hs3003_request(void)
{
    TWIM1_ADDRESS = HS3003;
    TWIM1_TXD_MAXCNT = 0;
    TWIM1_SHORTS = SHORT_LASTTX_STOP;
    return twim_run(&TWIM1_TASKS_STARTTX);
}

static uint32_t hs3003_read(uint8_t *data)
{
    TWIM1_ADDRESS = HS3003;
    TWIM1_RXD_PTR = (uint32_t)(uintptr_t)data;
    TWIM1_RXD_MAXCNT = 4;
    TWIM1_SHORTS = SHORT_LASTRX_STOP;
    return twim_run(&TWIM1_TASKS_STARTRX);
}

int main(void)
{
    twim_init();
    sensors_power(1);

    CHECK_EQ(i2c_read_byte(BMI270, 0x00), 0x24, "BMI270 CHIP_ID");
    CHECK_EQ(i2c_write(BMI270, 0x7C, 0x00), 0, "PWR_CONF: no power save");
    CHECK_EQ(i2c_write(BMI270, 0x59, 0x00), 0, "INIT_CTRL = 0");
    CHECK_EQ(i2c_write(BMI270, 0x5E, 0xC8), 0, "INIT_DATA (a stand-in for the configuration file)");
    CHECK_EQ(i2c_write(BMI270, 0x59, 0x01), 0, "INIT_CTRL = 1");
    CHECK_EQ(i2c_read_byte(BMI270, 0x21) & 0x0F, 1, "INTERNAL_STATUS: init ok");
    CHECK_EQ(i2c_write(BMI270, 0x40, 0xA8), 0, "ACC_CONF 100 Hz");
    CHECK_EQ(i2c_write(BMI270, 0x41, 0x00), 0, "ACC_RANGE +-2 g");
    CHECK_EQ(i2c_write(BMI270, 0x7D, 0x04), 0, "PWR_CTRL acc_en");
    while ((i2c_read_byte(BMI270, 0x03) & 0x80) == 0) {   /* drdy_acc */
    }
    uint8_t acc[6];
    CHECK_EQ(i2c_read(BMI270, 0x0C, acc, 6), 0, "DATA_8..DATA_13");
    int16_t z = (int16_t)(acc[4] | acc[5] << 8);
    printf("BMI270 z=%d\n", z);
    CHECK(z > 16384 - 164 && z < 16384 + 164, "1 g on z at rest");

    CHECK_EQ(i2c_read_byte(BMM150, 0x40), 0x00, "BMM150 suspended: CHIP_ID reads 0");
    CHECK_EQ(i2c_write(BMM150, 0x4B, 0x01), 0, "power control bit");
    CHECK_EQ(i2c_read_byte(BMM150, 0x40), 0x32, "BMM150 CHIP_ID");

    CHECK_EQ(hs3003_request(), 0, "HS3003 measurement request");
    uint8_t hs[4];
    CHECK_EQ(hs3003_read(hs), 0, "HS3003 read");
    CHECK_EQ(hs[0] >> 6, 1, "too early: stale");
    /* Wait out the conversion on RTC-free busy time: a few more stale reads. */
    do {
        CHECK_EQ(hs3003_read(hs), 0, "HS3003 read");
    } while (hs[0] >> 6 != 0);
    uint32_t h = (uint32_t)(hs[0] & 0x3F) << 8 | hs[1];
    uint32_t t = ((uint32_t)hs[2] << 8 | hs[3]) >> 2;
    int32_t rh_centi = (int32_t)(h * 10000u / 16383u);
    int32_t t_centi = (int32_t)(t * 16500u / 16383u) - 4000;
    printf("HS3003 T=%ld H=%ld\n", (long)t_centi, (long)rh_centi);
    CHECK(t_centi >= 2495 && t_centi <= 2505, "25 degC");
    CHECK(rh_centi >= 4995 && rh_centi <= 5005, "50 %RH");
    pass();
}
