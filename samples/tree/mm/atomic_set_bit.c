/*
 * Sample tree for folint (written for folint, not Linux source).
 * FOL000, negative: the same update with the atomic set_bit().
 * Expected: no finding.
 */
#include <linux/page-flags.h>

void sample_attach_private_atomic(struct page *page, unsigned long data)
{
	page->private = data;
	set_bit(PG_private, &page->flags);
}
