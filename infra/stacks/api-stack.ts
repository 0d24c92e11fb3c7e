import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { listRoutes } from '../../functions/routes.ts';
import { BookingFunction } from '../constructs/booking-function.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  userPool: UserPool;
  userPoolClient: UserPoolClient;
}

/** The HttpApi: one function and one route per entry of functions/routes.ts, nothing by hand. */
export class ApiStack extends Stack {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const jwt = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });
    this.api = new HttpApi(this, 'Api', { createDefaultStage: true });

    for (const route of listRoutes()) {
      const name = route.key.replace(/[^A-Za-z0-9]+/g, ' ').replace(/(?:^|\s)(\w)/g, (_, c: string) => c.toUpperCase());
      const fn = new BookingFunction(this, name, { entry: route.handler }).bindTable(props.table, route.table);
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        // Admin routes still check the group in code (shared/http/handler.ts).
        authorizer: route.access === 'public' ? new HttpNoneAuthorizer() : jwt,
      });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
