-- Pipeline "users": the day a user signed up, a typed column (type: date) stored as a real date.
alter table users add column signed_up date;
