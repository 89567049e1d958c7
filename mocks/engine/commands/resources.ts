import * as z from 'zod/mini';
import { AddKnowledgeBody, CreateAgentBody, CreateDeploymentBody, Id, SetDeploymentModelBody } from '@orgkit/contract';
import { KB_PAGE_CHARACTERS, MB, modelAllowed, readTier } from '../catalog.js';
import type { Ctx } from '../context.js';
import { authorizeMember, nextId } from '../context.js';
import { limitsOf } from '../credits.js';
import { defineCommand, orgScoped } from '../define.js';
import { fail } from '../errors.js';
import type { Agent, Deployment, Org } from '../state.js';
import { agentView, deploymentView } from '../views.js';

/** PLAN-6: refused beyond the plan's limit, with the count and the limit. */
function assertWithinLimit(resource: string, label: string, count: number, limit: number | null, planId: string): void {
  if (limit !== null && count > limit) {
    fail('plan_limit_reached', `Your plan allows ${limit.toLocaleString('en-US')} ${label}; this would make ${count.toLocaleString('en-US')}. Upgrade for more.`, {
      meta: { resource, count, limit, planId },
    });
  }
}

/** RES-4: a model must exist and comply with the organization's residency tier. */
function allowedModel(ctx: Ctx, org: Org, modelId: string) {
  const model = ctx.state.models[modelId];
  if (!model) fail('not_found', 'No such model.', { param: 'modelId', meta: { resource: 'model' } });
  const tier = readTier(org.residency);
  if (!modelAllowed(model, tier)) {
    fail('model_not_allowed', `${model.name} does not meet your server location setting (${tier}).`, { param: 'modelId', meta: { tier } });
  }
  return model;
}

export const resourceCommands = {
  'agent.create': defineCommand({
    input: orgScoped(CreateAgentBody),
    run(ctx, input) {
      const { org, me } = authorizeMember(ctx, input.orgId, 'agents.manage');
      const active = Object.values(org.agents).filter((a) => a.state === 'active').length;
      assertWithinLimit('agents', 'agents', active + 1, limitsOf(org, ctx.policy).agents, org.subscription.planId);
      const agent: Agent = { id: nextId(ctx.state, 'agt'), name: input.name, state: 'active', createdBy: me.userId, createdAt: ctx.now };
      org.agents[agent.id] = agent;
      return agentView(agent);
    },
  }),

  'deployment.create': defineCommand({
    input: orgScoped(CreateDeploymentBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'deployments.manage');
      const agent = org.agents[input.agentId];
      if (!agent) fail('not_found', 'No such agent.', { param: 'agentId', meta: { resource: 'agent' } });
      if (agent.state !== 'active') fail('agent_inactive', 'This agent is deactivated.', { param: 'agentId' });
      const count = Object.keys(org.deployments).length + 1;
      assertWithinLimit('deployments', 'deployments', count, limitsOf(org, ctx.policy).deployments, org.subscription.planId);
      const model = allowedModel(ctx, org, input.modelId);
      const deployment: Deployment = {
        id: nextId(ctx.state, 'dep'), agentId: agent.id, name: input.name, channel: input.channel, modelId: model.id,
        inviteOnly: input.inviteOnly ?? false, flagged: false, createdAt: ctx.now,
      };
      org.deployments[deployment.id] = deployment;
      return deploymentView(deployment);
    },
  }),

  'deployment.setModel': defineCommand({
    input: z.extend(SetDeploymentModelBody, { orgId: Id, deploymentId: Id }),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'deployments.manage');
      const dep = org.deployments[input.deploymentId];
      if (!dep) fail('not_found', 'No such deployment.', { param: 'deploymentId', meta: { resource: 'deployment' } });
      const model = allowedModel(ctx, org, input.modelId);
      dep.modelId = model.id;
      dep.flagged = false;
      return deploymentView(dep);
    },
  }),

  /** PLAN-3 / PLAN-6: knowledge-base pages (2,000 characters each) and upload size are metered against the plan. */
  'knowledge.add': defineCommand({
    input: orgScoped(AddKnowledgeBody),
    run(ctx, input) {
      const { org } = authorizeMember(ctx, input.orgId, 'agents.manage');
      const limits = limitsOf(org, ctx.policy);
      const pages = Math.ceil(input.characters / KB_PAGE_CHARACTERS);
      const usedPages = org.knowledge.reduce((s, k) => s + k.pages, 0);
      const usedBytes = org.knowledge.reduce((s, k) => s + k.uploadBytes, 0);
      assertWithinLimit('kbPages', 'knowledge-base pages', usedPages + pages, limits.kbPages, org.subscription.planId);
      const mb = Math.ceil((usedBytes + input.uploadBytes) / MB);
      assertWithinLimit('uploadMb', 'MB of uploads', mb, limits.uploadMb, org.subscription.planId);
      const id = nextId(ctx.state, 'kb');
      org.knowledge.push({ id, name: input.name, characters: input.characters, pages, uploadBytes: input.uploadBytes, createdAt: ctx.now });
      return { sourceId: id, pages, totalPages: usedPages + pages };
    },
  }),
};
