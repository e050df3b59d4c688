/* FOL004 negative: a zero count is ruled out before the loop: returned on, asserted, or tested around it. */
#include <linux/mm_types.h>

static void sample_returns(struct page *page, unsigned int nr)
{
	if (!nr)
		return;
	do {
		SetPageDirty(page++);
	} while (--nr);
}

static void sample_warns_and_returns(struct page *page, unsigned int nr)
{
	if (VM_WARN_ON_ONCE(nr == 0))
		return;
	for (;;) {
		ClearPageAnonExclusive(page);
		if (--nr == 0)
			break;
		page++;
	}
}

static void sample_asserts(struct page *page, unsigned int nr)
{
	VM_WARN_ON_ONCE(!nr);
	do {
		ClearPageReferenced(page++);
	} while (--nr);
}

static void sample_tests_around(struct page *page, unsigned int nr)
{
	if (nr) {
		do {
			ClearPageReferenced(page++);
		} while (--nr);
	}
}
