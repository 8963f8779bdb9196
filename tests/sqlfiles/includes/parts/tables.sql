CREATE TABLE app.accounts (id int PRIMARY KEY, name text);
CREATE TABLE app.orders (id int PRIMARY KEY, account int REFERENCES app.accounts (id), amount app.money_amount);
