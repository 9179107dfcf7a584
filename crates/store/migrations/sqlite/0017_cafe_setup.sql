-- The café's opening hours (minutes after local midnight; closing at or before opening means
-- after midnight; 0 to 1440 is all day), against which station utilisation is measured.
ALTER TABLE tenants ADD COLUMN cafe_opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN cafe_closes INTEGER NOT NULL DEFAULT 1440;

-- A retired table or station is off the floor and takes no new guests; its history stays.
ALTER TABLE cafe_places ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
