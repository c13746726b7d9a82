import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorRef, scopeOf } from '../core/auth/model.ts';
import { requirePermission } from '../core/auth/plugin.ts';
import { idempotencyKeyOf, replayableErrors, sendReplayable } from '../core/http/idempotency.ts';
import { commonErrors, idParams, page } from '../core/http/schemas.ts';
import type { TicketingAdmin } from './admin.ts';
import {
  boxOfficeSaleInput,
  cancelInput,
  exchangeInput,
  inventoryDto,
  markPaidInput,
  orderDto,
  orderListQuery,
  orderSummaryDto,
  quotaSettingsInput,
  ticketingSettingsDto,
  ticketingSettingsInput,
} from './schemas.ts';
import type { TicketingService } from './service.ts';

/*
 * The staff side of ticketing: seats and sales per performance, orders, the box office
 * desk (sale, cancellation, exchange, payment) and the settings. Every write that takes
 * seats or money carries an Idempotency-Key: a desk that lost its connection retries
 * without selling twice.
 */

const tags = ['ticketing'];
const orderParams = z.object({ id: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique string per intended write') });

export const ticketingRoutes: FastifyPluginAsyncZod<{ ticketing: TicketingService; admin: TicketingAdmin }> = async (app, { ticketing, admin }) => {
  app.get(
    '/ticketing/performances/:id/inventory',
    { schema: { tags, summary: 'Sold, reserved, held and free seats per category, quotas, check-ins and the sales curve', params: idParams, response: { 200: inventoryDto, ...commonErrors } } },
    async (request) => admin.inventory(scopeOf(requirePermission(request, 'ticketing:inventory')), request.params.id),
  );

  app.put(
    '/ticketing/performances/:id/quotas',
    {
      schema: {
        tags,
        summary: 'Set the seats of a performance below its hall, or the seats kept for reduced tariffs',
        params: idParams,
        body: quotaSettingsInput,
        response: { 200: inventoryDto, ...commonErrors },
      },
    },
    async (request) => admin.setQuotas(scopeOf(requirePermission(request, 'catalogue:write')), request.params.id, request.body),
  );

  app.get(
    '/orders',
    { schema: { tags, summary: 'Orders, newest first; q finds order numbers, buyers and ticket codes', querystring: orderListQuery, response: { 200: page(orderSummaryDto), ...commonErrors } } },
    async (request) => ticketing.listOrders(scopeOf(requirePermission(request, 'ticketing:orders')), request.query),
  );

  app.get(
    '/orders/:id',
    { schema: { tags, summary: 'One order with its tickets', params: orderParams, response: { 200: orderDto, ...commonErrors } } },
    async (request) => ticketing.getOrder(scopeOf(requirePermission(request, 'ticketing:orders')), request.params.id),
  );

  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Sell at the box office desk: cash by default, reduced tariffs and free tickets allowed',
        headers: idempotencyHeaders,
        body: boxOfficeSaleInput,
        response: { 201: orderDto, ...replayableErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'ticketing:sell');
      const result = await ticketing.sellAtDesk(scopeOf(actor), request.body, { actor: actorRef(actor), idempotencyKey: idempotencyKeyOf(request) });
      return sendReplayable(reply, result) as z.infer<typeof orderDto>;
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an order or some of its tickets: the seats go back on sale at once; a paid order becomes refunded',
        headers: idempotencyHeaders,
        params: orderParams,
        body: cancelInput,
        response: { 200: orderDto, ...replayableErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'ticketing:sell');
      const result = await ticketing.cancel(scopeOf(actor), request.params.id, request.body, { actor: actorRef(actor), idempotencyKey: idempotencyKeyOf(request) });
      return sendReplayable(reply, result) as z.infer<typeof orderDto>;
    },
  );

  app.post(
    '/orders/:id/exchange',
    {
      schema: {
        tags,
        summary: 'Exchange tickets for seats of another performance or category, in one step',
        headers: idempotencyHeaders,
        params: orderParams,
        body: exchangeInput,
        response: { 200: orderDto, ...replayableErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'ticketing:sell');
      const result = await ticketing.exchange(scopeOf(actor), request.params.id, request.body, { actor: actorRef(actor), idempotencyKey: idempotencyKeyOf(request) });
      return sendReplayable(reply, result) as z.infer<typeof orderDto>;
    },
  );

  app.post(
    '/orders/:id/payment',
    {
      schema: { tags, summary: 'Record that a pending order was paid (at the desk, by transfer)', headers: idempotencyHeaders, params: orderParams, body: markPaidInput, response: { 200: orderDto, ...replayableErrors } },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'ticketing:sell');
      const result = await ticketing.markPaid(scopeOf(actor), request.params.id, request.body, { actor: actorRef(actor), idempotencyKey: idempotencyKeyOf(request) });
      return sendReplayable(reply, result) as z.infer<typeof orderDto>;
    },
  );

  app.get(
    '/ticketing/settings',
    { schema: { tags, summary: 'Hold time, waiting-list offer time and the payment methods visitors may choose', response: { 200: ticketingSettingsDto, ...commonErrors } } },
    async (request) => ticketing.settings.read(requirePermission(request, 'ticketing:inventory').houseId),
  );

  app.patch(
    '/ticketing/settings',
    { schema: { tags, summary: 'Change the ticketing settings of the house', body: ticketingSettingsInput, response: { 200: ticketingSettingsDto, ...commonErrors } } },
    async (request) => ticketing.settings.update(requirePermission(request, 'house:manage').houseId, request.body),
  );
};
