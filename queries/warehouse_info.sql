-- Facts about the warehouse file: whether it is demo data, its period, its seed.
select key, value from warehouse_info order by key
