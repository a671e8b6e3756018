-- The second release: new columns, a dropped one, renames and constraints
alter table customers add column phone varchar(32);
alter table products add column discontinued boolean not null default false;
alter table addresses add column postal_code varchar(16);
alter table addresses drop column line1;
alter table addresses add column street text not null default '';
alter table addresses rename to customer_addresses;
alter table warehouses rename column city to location;
alter table payments add constraint payments_amount_positive check (amount > 0);
alter table orders add constraint orders_status_check
    check (status in ('new', 'paid', 'shipped', 'cancelled'));
alter table reviews alter column body set default '';
create unique index reviews_one_per_customer on reviews (product_id, customer_id);
comment on table orders is 'One order of a customer';
