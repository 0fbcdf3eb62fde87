package io.inferedge.telemetry.query;

import io.inferedge.contracts.Plan;

/** One configuration's row of the trade-off table. */
record ConfigurationProfile(String configId, Plan plan, Stats stats) {}
