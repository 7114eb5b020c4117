/** The coordinator use cases live in core; the tab's routes are their HTTP face. */
export * from '@marac/core/coordinator';
