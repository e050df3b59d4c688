/* FOL003 raw: the mapcount fields read by hand, outside the accessors of include/linux/mm.h. */
#include <linux/mm.h>

static bool sample_mapped_shared(struct folio *folio)
{
	return atomic_read(&folio->_mapcount) > 0; /* expect: FOL003 */
}

static int sample_pages_mapped(struct folio *folio)
{
	int nr = atomic_read(&folio->_nr_pages_mapped); /* expect: FOL003 */

	return nr + folio->_entire_mapcount.counter; /* expect: FOL003 */
}
