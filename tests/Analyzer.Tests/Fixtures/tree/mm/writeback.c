/*
 * Kernel-shaped concurrent writer of the folio's own flags word (written for folint, not Linux source).
 */
#include <linux/page-flags.h>

bool fixture_mark_dirty(struct folio *folio)
{
	if (folio_test_dirty(folio))
		return false;
	folio_set_dirty(folio);
	return true;
}
