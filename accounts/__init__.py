"""Staff accounts: invitations and password links, sign-in security (throttling, sessions that can
really be ended), password rules. The people themselves are handoff's `Advisor` rows (the advisor desk
routes tickets to them); this package decides who may sign in and for how long."""
