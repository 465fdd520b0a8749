-- The seed a round's sample was drawn with, to draw it again.
ALTER TABLE rounds ADD COLUMN sample_seed TEXT NOT NULL DEFAULT '0';
