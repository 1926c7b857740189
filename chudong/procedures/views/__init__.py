"""Pages of the Charter procedures. Each view parses the request, gets its objects through
an access helper, calls one service or selector, and renders."""
