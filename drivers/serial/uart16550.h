/* COM1 16550 UART console (115200 8N1, polled). */
#ifndef DRIVERS_SERIAL_UART16550_H
#define DRIVERS_SERIAL_UART16550_H

#include <stdbool.h>

/* Probes COM1 with the loopback test and registers it as a console.
 * Returns 0, or -ENODEV when no UART answers (many UEFI PCs have none). */
int serial_console_init(void);

/* Did serial_console_init() find COM1? */
bool serial_present(void);

/* The next received byte (0..255), -ENODATA when none is waiting, -ENODEV
 * without a UART. Never waits. */
int serial_getc(void);

#endif
