/* FOL004 caller side: a local that is 0 on every path to the call reaches the helper whose loop wraps on 0. */
#include <linux/mm_types.h>

static void sample_clear_pages_exclusive(struct page *page, unsigned int nr)
{
	for (;;) { /* expect: FOL004 */
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		++page;
	}
}

static int sample_unshare(struct page *page, bool pmd_mapped)
{
	unsigned int nr_pages = 0;

	if (pmd_mapped)
		return 0;
	sample_clear_pages_exclusive(page, nr_pages); /* expect: FOL004 */
	return 0;
}
