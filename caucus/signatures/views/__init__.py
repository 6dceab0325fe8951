"""Web views of signatures: individual sign-on and its email links, the names and the count,
organizations' signatures, and the coordinators' management page and contacts export."""
