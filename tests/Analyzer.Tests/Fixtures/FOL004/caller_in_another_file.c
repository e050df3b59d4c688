/*
 * FOL004 caller side: a local that is 0 on every path reaches a header's helper whose loop wraps on 0. (The file
 * also has a guarded count-down loop of its own: the byte-level prefilter only parses files that do page operations
 * and decrement something, and a file that only calls a helper in a header is judged at the helper.)
 */
#include <linux/mm_types.h>
#include <linux/batch_helpers.h>

static int sample_unshare(struct page *page, unsigned int nr, bool pmd_mapped)
{
	unsigned int nr_pages = 0;

	if (pmd_mapped)
		return 0;
	sample_clear_pages_exclusive(page, nr_pages); /* expect: FOL004 */
	if (!nr)
		return 0;
	do {
		SetPageDirty(page++);
	} while (--nr);
	return 0;
}
