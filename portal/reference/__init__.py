"""Reference data the portal carries: member states, regions, borders, technology fields, NACE."""
