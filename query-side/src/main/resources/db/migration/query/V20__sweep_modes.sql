-- Sweeps have a mode: test sweeps move the sandbox chain's test money. Sweeps before them were all live.
ALTER TABLE query.sweeps ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));
