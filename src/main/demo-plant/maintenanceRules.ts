import type { TagMap } from '../../shared/tagMap'

/**
 * The demo mine's work-order rules by equipment type and failure mode (issue 11): what to do,
 * by whom, how long it takes, and how far ahead of a predicted failure it must be done.
 */
export const DEMO_MAINTENANCE_RULES: NonNullable<TagMap['maintenanceRules']> = {
  "conveyor": [
    {
      "failureMode": "bearing-wear",
      "action": "Inspect and replace drive-end bearing",
      "priority": "high",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 4,
      "dueWithinH": 24
    },
    {
      "failureMode": "lubrication",
      "action": "Find and fix the gearbox lubricant leak, top up the gearbox",
      "priority": "high",
      "craft": "lubrication",
      "leadMarginH": 1,
      "durationH": 1.5,
      "dueWithinH": 8
    },
    {
      "failureMode": "overheating",
      "action": "Check drive motor cooling (fan, fins, ambient) and belt load",
      "priority": "medium",
      "craft": "electrical",
      "leadMarginH": 2,
      "durationH": 2,
      "dueWithinH": 12
    },
    {
      "failureMode": "overload",
      "action": "Check belt loading, skirting and idlers for drag",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 2,
      "dueWithinH": 12
    },
    {
      "failureMode": "process",
      "action": "Check belt speed and feed against the plan",
      "priority": "low",
      "craft": "mechanical",
      "leadMarginH": 0,
      "durationH": 1,
      "dueWithinH": 24
    },
    {
      "failureMode": "machine",
      "action": "Inspect conveyor drive train",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 3,
      "dueWithinH": 24
    },
    {
      "failureMode": "lubrication",
      "action": "Lubricate gearbox and pulley bearings (routine)",
      "priority": "medium",
      "craft": "lubrication",
      "leadMarginH": 0,
      "durationH": 1,
      "dueWithinH": 48,
      "runtime": {
        "counter": "runHours",
        "every": 500
      }
    },
    {
      "failureMode": "electrical",
      "action": "Inspect drive motor starter and contactor (starts duty)",
      "priority": "low",
      "craft": "electrical",
      "leadMarginH": 0,
      "durationH": 2,
      "dueWithinH": 72,
      "runtime": {
        "counter": "starts",
        "every": 2000
      }
    }
  ],
  "drill": [
    {
      "failureMode": "lubrication",
      "action": "Find and fix the lubricant leak on the rotation head, refill",
      "priority": "high",
      "craft": "lubrication",
      "leadMarginH": 1,
      "durationH": 2,
      "dueWithinH": 8
    },
    {
      "failureMode": "bearing-wear",
      "action": "Inspect rotation head bearings",
      "priority": "high",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 6,
      "dueWithinH": 24
    },
    {
      "failureMode": "overheating",
      "action": "Check drill motor cooling and duty",
      "priority": "medium",
      "craft": "electrical",
      "leadMarginH": 2,
      "durationH": 2,
      "dueWithinH": 12
    },
    {
      "failureMode": "pressure",
      "action": "Check hydraulic relief valve and accumulator charge",
      "priority": "high",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 3,
      "dueWithinH": 12
    },
    {
      "failureMode": "overload",
      "action": "Check drilling load and bit condition",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 2,
      "dueWithinH": 12
    },
    {
      "failureMode": "machine",
      "action": "Inspect drill drive and hydraulics",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 4,
      "dueWithinH": 24
    },
    {
      "failureMode": "lubrication",
      "action": "Grease rotation head and mast (routine)",
      "priority": "medium",
      "craft": "lubrication",
      "leadMarginH": 0,
      "durationH": 1,
      "dueWithinH": 24,
      "runtime": {
        "counter": "runHours",
        "every": 250
      }
    }
  ],
  "crusher": [
    {
      "failureMode": "bearing-wear",
      "action": "Inspect crusher main shaft bearings",
      "priority": "urgent",
      "craft": "mechanical",
      "leadMarginH": 4,
      "durationH": 8,
      "dueWithinH": 12
    },
    {
      "failureMode": "lubrication",
      "action": "Check crusher lube system for leaks, filters and oil level",
      "priority": "high",
      "craft": "lubrication",
      "leadMarginH": 2,
      "durationH": 2,
      "dueWithinH": 8
    },
    {
      "failureMode": "overheating",
      "action": "Check crusher motor cooling and feed",
      "priority": "high",
      "craft": "electrical",
      "leadMarginH": 2,
      "durationH": 2,
      "dueWithinH": 8
    },
    {
      "failureMode": "overload",
      "action": "Check crusher feed rate and chamber for packing",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 2,
      "dueWithinH": 8
    },
    {
      "failureMode": "machine",
      "action": "Inspect crusher drive and lubrication",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 4,
      "dueWithinH": 24
    },
    {
      "failureMode": "lubrication",
      "action": "Change crusher lube oil and filters (routine)",
      "priority": "medium",
      "craft": "lubrication",
      "leadMarginH": 0,
      "durationH": 4,
      "dueWithinH": 72,
      "runtime": {
        "counter": "runHours",
        "every": 1000
      }
    },
    {
      "failureMode": "electrical",
      "action": "Inspect crusher motor windings and terminals (energy throughput)",
      "priority": "low",
      "craft": "electrical",
      "leadMarginH": 0,
      "durationH": 4,
      "dueWithinH": 168,
      "runtime": {
        "counter": "energyKWh",
        "every": 500000
      }
    }
  ],
  "pump": [
    {
      "failureMode": "bearing-wear",
      "action": "Inspect pump and motor bearings, check alignment",
      "priority": "high",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 4,
      "dueWithinH": 24
    },
    {
      "failureMode": "overheating",
      "action": "Check pump motor cooling",
      "priority": "medium",
      "craft": "electrical",
      "leadMarginH": 2,
      "durationH": 2,
      "dueWithinH": 12
    },
    {
      "failureMode": "pressure",
      "action": "Check discharge valve and line for blockage or water hammer",
      "priority": "high",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 3,
      "dueWithinH": 8
    },
    {
      "failureMode": "overload",
      "action": "Check pump duty point against the curve",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 1,
      "durationH": 2,
      "dueWithinH": 24
    },
    {
      "failureMode": "process",
      "action": "Check suction and sump level (flow off its usual)",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 0,
      "durationH": 1,
      "dueWithinH": 12
    },
    {
      "failureMode": "machine",
      "action": "Inspect pump and discharge line",
      "priority": "medium",
      "craft": "mechanical",
      "leadMarginH": 2,
      "durationH": 3,
      "dueWithinH": 24
    },
    {
      "failureMode": "bearing-wear",
      "action": "Grease pump bearings (routine)",
      "priority": "low",
      "craft": "lubrication",
      "leadMarginH": 0,
      "durationH": 0.5,
      "dueWithinH": 48,
      "runtime": {
        "counter": "runHours",
        "every": 1000
      }
    }
  ]
}
