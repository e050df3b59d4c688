/* FOL002 negative: a page taken off the buddy free lists is an order-0 page of its own, no tail. */
#include <linux/mm_types.h>

static int sample_isolate_poisoned(unsigned long pfn)
{
	struct page *p = pfn_to_page(pfn);

	if (is_free_buddy_page(p)) {
		if (take_page_off_buddy(p)) {
			page_ref_inc(p);
			return 0;
		}
	}
	if (__page_handle_poison(p) > 0)
		page_ref_inc(p);
	return -EBUSY;
}
