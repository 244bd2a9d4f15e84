-- The months of the data period, for the period filter.
select month_start, year, quarter, month, label from calendar_months order by month_start
