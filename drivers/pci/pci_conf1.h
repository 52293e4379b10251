/* The machine's PCI bus through configuration mechanism #1 (kernel only). */
#ifndef DRIVERS_PCI_PCI_CONF1_H
#define DRIVERS_PCI_PCI_CONF1_H

#include "drivers/pci/pci.h"

/* Filled by pci_init(). */
extern struct pci_host pci_root;

/* Enumerates the bus, prints every function and its BARs, inserts the BAR
 * resources. Call after the e820/ACPI resources are in iomem (so BARs nest
 * where they overlap them). Returns the number of functions. */
int pci_init(void);

#endif
