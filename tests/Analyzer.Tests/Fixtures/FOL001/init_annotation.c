/* FOL001 negative: __init code runs before anyone else can see these pages. */
#include <linux/page-flags.h>

void __init fixture_reserve_range(unsigned long start, unsigned long end)
{
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++)
		__SetPageReserved(pfn_to_page(pfn));
}
