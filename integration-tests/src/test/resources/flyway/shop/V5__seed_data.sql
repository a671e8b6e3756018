-- Seed data
insert into customers (email, full_name, phone) values
    ('ada@example.com', 'Ada Lovelace', '+44 20 1111'),
    ('alan@example.com', 'Alan Turing', null),
    ('grace@example.com', 'Grace Hopper', '+1 212 2222'),
    ('edsger@example.com', 'Edsger Dijkstra', null);

insert into categories (name, parent_id) values ('Books', null), ('Hardware', null);
insert into categories (name, parent_id) values ('Textbooks', 1), ('Keyboards', 2);

insert into products (sku, name, price, category_id) values
    ('BK-001', 'The Art of Computer Programming', 189.99, 3),
    ('BK-002', 'Structure and Interpretation', 45.00, 3),
    ('KB-001', 'Model M', 120.50, 4),
    ('KB-002', 'Split Keyboard', 99.00, 4),
    ('MISC-1', 'Sticker', 0.00, null);

update products set discontinued = true where sku = 'MISC-1';

insert into warehouses (code, location) values ('LON', 'London'), ('NYC', 'New York');

insert into stock (warehouse_id, product_id, quantity) values
    (1, 1, 10), (1, 2, 5), (1, 3, 0), (2, 3, 7), (2, 4, 12), (2, 5, 1000);

insert into orders (customer_id, status) values (1, 'paid'), (1, 'new'), (2, 'shipped'), (3, 'cancelled');

insert into order_items (order_id, line_no, product_id, quantity, unit_price) values
    (1, 1, 1, 1, 189.99), (1, 2, 3, 2, 120.50),
    (2, 1, 2, 3, 45.00),
    (3, 1, 4, 1, 99.00), (3, 2, 5, 10, 0.00),
    (4, 1, 1, 1, 189.99);

insert into payments (order_id, amount, method) values (1, 430.99, 'card'), (3, 99.00, 'invoice');

insert into reviews (product_id, customer_id, rating, body) values
    (1, 1, 5, 'Thorough'), (3, 2, 4, 'Loud'), (1, 3, 4, default);

insert into customer_addresses (customer_id, city, country, street, postal_code) values
    (1, 'London', 'GB', '12 St James Sq', 'SW1Y 4JH'), (2, 'Wilmslow', 'GB', 'Adlington Rd', null),
    (3, 'Arlington', 'US', 'Jefferson Davis Hwy', '22202');
