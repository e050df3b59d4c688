/* FOL004 negative: the count is ruled non-zero, and the loop counts down a copy of it. */
#include <linux/mm_types.h>

static void sample_copy(struct page *page, unsigned int nr_pages)
{
	unsigned int left;

	if (VM_WARN_ON_ONCE(!nr_pages))
		return;
	left = nr_pages;
	do {
		SetPageDirty(page++);
	} while (--left);
}
