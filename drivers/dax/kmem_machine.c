/* dax/kmem's link to the real machine (kernel only): ranges the loader's map
 * does not call RAM are declared before kmem adds them (see
 * mm/hotplug_machine.h), so they are onlined for real, not bookkept only. */
#include "drivers/dax/kmem.h"
#include "mm/hotplug_machine.h"

void dax_kmem_machine_init(void)
{
	dax_kmem_declare_ram = machine_declare_device_ram;
	dax_kmem_forget_ram = machine_forget_device_ram;
}
