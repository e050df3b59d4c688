/* FOL000 positive: __set_bit() on a page's flags word. */
void attach_private(struct page *page, unsigned long data)
{
	page->private = data;
	__set_bit(PG_private, &page->flags); /* expect: FOL000, FOL001 */
}
