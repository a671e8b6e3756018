-- The third release: loyalty points, computed once from the orders so far
alter table customers add column loyalty_points int not null default 0;
update customers c set loyalty_points = coalesce((select floor(sum(i.quantity * i.unit_price))::int
    from orders o join order_items i on i.order_id = o.id
    where o.customer_id = c.id and o.status in ('paid', 'shipped')), 0);
alter table orders add column note text;
update orders set note = 'gift' where id = 2;
alter table orders alter column status set default 'paid';
