/* FOL003: the same clamp in the spellings kernel code uses, on values from the tree's mapcount accessors. */
#include <linux/mm.h>

static int sample_max(struct folio *folio)
{
	return max(folio_mapcount(folio) - 1, 0); /* expect: FOL003 */
}

static int sample_max_t(struct folio *folio)
{
	int entire = folio_entire_mapcount(folio);

	return max_t(int, entire, 0); /* expect: FOL003 */
}

static int sample_conditional(struct folio *folio)
{
	int large = folio_large_mapcount(folio);
	int total = large + folio_entire_mapcount(folio);

	return total < 0 ? 0 : total; /* expect: FOL003 */
}

static int sample_positive_conditional(struct folio *folio)
{
	int m = folio_mapcount(folio);

	return m > 0 ? m : 0; /* expect: FOL003 */
}

static int sample_early_return(struct folio *folio)
{
	int m = folio_large_mapcount(folio) - folio_entire_mapcount(folio);

	if (m < 0) /* expect: FOL003 */
		return 0;
	return m;
}

static int sample_clamp(struct folio *folio, int nr)
{
	return clamp(folio_mapcount(folio), 0, nr); /* expect: FOL003 */
}
