-- What each order costs, for the reports
create view order_totals as
select o.id as order_id, o.customer_id, o.status, sum(i.quantity * i.unit_price) as total, count(*) as lines
from orders o
join order_items i on i.order_id = o.id
group by o.id, o.customer_id, o.status;
