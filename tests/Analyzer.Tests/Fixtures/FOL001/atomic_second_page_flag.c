/* FOL001 negative: the atomic accessor of a second-page flag, under the queue lock or not. */
#include <linux/page-flags.h>

void fixture_mark_rmappable(struct folio *folio, spinlock_t *lock)
{
	spin_lock(lock);
	if (!folio_test_large_rmappable(folio))
		folio_set_large_rmappable(folio);
	spin_unlock(lock);
}
