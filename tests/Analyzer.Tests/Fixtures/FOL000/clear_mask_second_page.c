/* FOL000 positive: clearing a mask in the second page's flags word by hand. */
void drop_second_flags(struct page *page, unsigned long mask)
{
	page[1].flags &= ~mask; /* expect: FOL000, FOL001 */
}
