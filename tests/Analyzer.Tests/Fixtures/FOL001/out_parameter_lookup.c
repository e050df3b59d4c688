/*
 * FOL001 positive: the out-parameter is filled with a page found in the page cache, which other CPUs already
 * reach: the helper is no allocator, and the caller's non-atomic update races with them.
 */
#include <linux/page-flags.h>

static bool sample_find_page(struct page **found, struct address_space *mapping, pgoff_t index)
{
	*found = find_get_page(mapping, index);
	return *found != NULL;
}

void sample_reserve_cached(struct address_space *mapping, pgoff_t index)
{
	struct page *page;

	if (!sample_find_page(&page, mapping, index))
		return;
	__SetPageReserved(page); /* expect: FOL001 */
	put_page(page);
}
