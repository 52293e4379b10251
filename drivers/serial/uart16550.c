/* COM1 16550 UART console: polled output, 115200 8N1. The machine console
 * (kernel/console.h): it carries every byte printk writes. */
#include "drivers/serial/uart16550.h"

#include <stdbool.h>

#include "kernel/console.h"
#include "kernel/io.h"
#include "lib/errno.h"

#define COM1	 0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_RBR 0 /* receive buffer (DLAB=0) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_IIR 2 /* read */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR	 0x01 /* a received byte is waiting */
#define LSR_THRE 0x20
#define IIR_FIFO 0xc0 /* both bits: the FIFOs are on (a 16550A) */
#define FIFO_LEN 16

/* Bytes the transmitter takes without another look at the line status:
 * THRE means the whole transmit FIFO is empty, so a 16550A takes 16. */
static unsigned int tx_burst = 1, tx_room;

static bool uart_found;

static void uart_putc(char c)
{
	if (!tx_room) {
		bool empty = false;

		/* Bounded wait: a stuck UART must not hang the kernel. After a
		 * timeout the byte goes out anyway, but only one: a burst into
		 * a FIFO that is still full would overwrite 16 bytes. */
		for (int i = 0; i < 100000 && !(empty = inb(COM1 + UART_LSR) & LSR_THRE); i++)
			cpu_relax();
		tx_room = empty ? tx_burst : 1;
	}
	outb(COM1 + UART_THR, (uint8_t)c);
	tx_room--;
}

static void serial_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static struct console serial_console = {
    .name = "ttyS0",
    .flags = CON_MACHINE,
    .desc = "serial",
    .write = serial_write,
};

int serial_console_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* DLAB to set the divisor */
	outb(COM1 + UART_DLL, 1);    /* 115200 = 1.8432 MHz / 16 / 1 */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0xc7); /* FIFO on, cleared, 14-byte trigger */
	/* Loopback test: a missing UART reads back 0xff, not our byte. */
	outb(COM1 + UART_MCR, 0x1e);
	outb(COM1 + UART_THR, 0xae);
	if (inb(COM1 + UART_THR) != 0xae)
		return -ENODEV;
	outb(COM1 + UART_MCR, 0x0f); /* normal operation, OUT1/OUT2, RTS/DTR */
	/* An 8250 or 16450 has no FIFO: one byte per THRE then. */
	tx_burst = (inb(COM1 + UART_IIR) & IIR_FIFO) == IIR_FIFO ? FIFO_LEN : 1;
	tx_room = 0;
	uart_found = true;
	console_register(&serial_console);
	return 0;
}

bool serial_present(void)
{
	return uart_found;
}

int serial_getc(void)
{
	if (!uart_found)
		return -ENODEV;
	if (!(inb(COM1 + UART_LSR) & LSR_DR))
		return -ENODATA;
	return inb(COM1 + UART_RBR);
}
