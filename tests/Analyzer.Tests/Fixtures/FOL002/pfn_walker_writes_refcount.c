/* FOL002: a PFN walker sees any page, tails of compound pages it knows nothing about included. */
#include <linux/mm_types.h>

static void sample_pin_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!page_count(page))
			continue;
		page_ref_inc(page); /* expect: FOL002 */
	}
}
