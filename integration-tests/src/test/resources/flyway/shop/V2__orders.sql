-- Orders, their lines, payments and reviews
create table orders (
    id bigserial primary key,
    customer_id bigint not null references customers (id),
    status varchar(16) not null default 'new',
    placed_at timestamptz not null default now()
);

create index orders_customer_idx on orders (customer_id);

create table order_items (
    order_id bigint not null,
    line_no int not null,
    product_id int not null references products (id),
    quantity int not null check (quantity > 0),
    unit_price numeric(10, 2) not null,
    primary key (order_id, line_no)
);

create index order_items_product_idx on order_items (product_id);

create table payments (
    id bigint generated always as identity primary key,
    order_id bigint not null,
    amount numeric(10, 2) not null,
    method varchar(16) not null
);

create table reviews (
    id bigserial primary key,
    product_id int not null references products (id),
    customer_id bigint not null references customers (id),
    rating smallint not null check (rating between 1 and 5),
    body text
)${replicated};

create table addresses (
    id serial primary key,
    customer_id bigint not null references customers (id),
    line1 text not null,
    city text not null,
    country char(2) not null
);
